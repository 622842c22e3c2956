package io.gatehouse.management.keys;

import java.time.Instant;
import java.util.UUID;

/** A key as listed: never the key or its hash, only what identifies it to a person. */
public record KeyView(UUID id, UUID applicationId, String name, String prefix, String lastFour, KeyStatus status,
                      Instant createdAt, Instant expiresAt, Instant revokedAt, String revokedReason,
                      Instant lastUsedAt) {

    public static KeyView of(ApiKey k) {
        return new KeyView(k.id, k.application.id, k.name, k.prefix, k.lastFour, k.status, k.createdAt,
                k.expiresAt, k.revokedAt, k.revokedReason, k.lastUsedAt);
    }
}
