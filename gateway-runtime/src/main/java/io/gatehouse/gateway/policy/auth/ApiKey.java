package io.gatehouse.gateway.policy.auth;

import java.time.Instant;

/**
 * An active API key as the gateway knows it. Holds no secret: only the key's id, its display
 * prefix and its owner. A request authenticated by a bearer token carries {@link #forToken one without id
 * and prefix}, so everything after authentication sees the application the same way.
 *
 * @param id            key id, or {@code null} for a bearer token
 * @param prefix        display prefix (first characters of the key), safe to log; {@code ""} for a bearer token
 * @param applicationId the application the key belongs to
 * @param expiresAt     when the key stops working, or {@code null} if never
 */
public record ApiKey(String id, String prefix, String applicationId, Instant expiresAt) {

    /** The stand-in for a request authenticated by a bearer token of {@code applicationId}. */
    public static ApiKey forToken(String applicationId) {
        return new ApiKey(null, "", applicationId, null);
    }

    /** Whether the request was authenticated by a bearer token rather than a key. */
    public boolean isToken() {
        return id == null;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
