package io.gatehouse.gateway.policy.jwt;

import java.time.Instant;
import java.util.Set;

/**
 * What the gateway took from a token it accepted.
 *
 * @param clientId  the value of the API's application claim (an OAuth client id)
 * @param subject   {@code sub}, or {@code null}
 * @param scopes    the granted scopes ({@code scope} split at spaces, or the {@code scp} array)
 * @param expiresAt {@code exp}
 */
public record VerifiedToken(String clientId, String subject, Set<String> scopes, Instant expiresAt) {

    public VerifiedToken {
        scopes = Set.copyOf(scopes);
    }
}
