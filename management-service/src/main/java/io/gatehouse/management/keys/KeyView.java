package io.gatehouse.management.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.management.gatewayconfig.ConfigAcknowledgements;

import java.time.Instant;
import java.util.UUID;

/**
 * A key as listed: never the key or its hash, only what identifies it to a person.
 *
 * @param propagation only in the answer to a revocation with {@code ?wait=}: which gateway nodes applied it
 */
public record KeyView(UUID id, UUID applicationId, String name, String prefix, String lastFour, KeyStatus status,
                      Instant createdAt, Instant expiresAt, Instant revokedAt, String revokedReason,
                      Instant lastUsedAt,
                      @JsonInclude(JsonInclude.Include.NON_NULL) ConfigAcknowledgements.Propagation propagation) {

    public static KeyView of(ApiKey k) {
        return new KeyView(k.id, k.application.id, k.name, k.prefix, k.lastFour, k.status, k.createdAt,
                k.expiresAt, k.revokedAt, k.revokedReason, k.lastUsedAt, null);
    }

    /** This view with what became of the change on the gateways. */
    public KeyView with(ConfigAcknowledgements.Propagation p) {
        return new KeyView(id, applicationId, name, prefix, lastFour, status, createdAt, expiresAt, revokedAt,
                revokedReason, lastUsedAt, p);
    }
}
