package io.gatehouse.gateway.policy.jwt;

import io.vertx.core.MultiMap;

/** Where a client puts its token (RFC 6750 §2.1): {@code Authorization: Bearer <token>}, scheme case-insensitive. */
public final class BearerToken {

    private static final String SCHEME = "Bearer";

    private BearerToken() {
    }

    /** The token the request presents, {@code ""} for a bearer header without one, or {@code null} for none. */
    public static String extract(MultiMap headers) {
        String authorization = headers.get("Authorization");
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        if (authorization.length() == SCHEME.length()) {
            return "";
        }
        if (authorization.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        return authorization.substring(SCHEME.length()).trim();
    }
}
