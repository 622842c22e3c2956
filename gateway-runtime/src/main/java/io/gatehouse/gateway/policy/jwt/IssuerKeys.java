package io.gatehouse.gateway.policy.jwt;

import org.jose4j.jwk.JsonWebKey;

import java.util.List;

/**
 * The public signing keys an issuer published, as last fetched.
 *
 * @param keys           RSA, EC and OKP public keys whose {@code use} is absent or {@code sig}
 * @param fetchedAtNanos when they were fetched ({@link System#nanoTime()} scale)
 */
public record IssuerKeys(List<JsonWebKey> keys, long fetchedAtNanos) {

    public IssuerKeys {
        keys = List.copyOf(keys);
    }
}
