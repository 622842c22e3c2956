package io.gatehouse.gateway.policy.auth;

import java.time.Instant;

/**
 * An active API key as the gateway knows it. Holds no secret: only the key's id, its display
 * prefix and its owner.
 *
 * @param id            key id
 * @param prefix        display prefix (first characters of the key), safe to log
 * @param applicationId the application the key belongs to
 * @param expiresAt     when the key stops working, or {@code null} if never
 */
public record ApiKey(String id, String prefix, String applicationId, Instant expiresAt) {

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
