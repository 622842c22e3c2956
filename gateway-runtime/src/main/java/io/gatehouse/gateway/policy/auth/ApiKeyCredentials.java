package io.gatehouse.gateway.policy.auth;

import io.vertx.core.MultiMap;

/** Where a client may put its API key: {@code X-Api-Key: <key>} or {@code Authorization: ApiKey <key>}. */
public final class ApiKeyCredentials {

    public static final String HEADER = "X-Api-Key";
    public static final String AUTHORIZATION = "Authorization";
    private static final String SCHEME = "ApiKey";

    private ApiKeyCredentials() {
    }

    /** The key the request presents, or {@code null} if it presents none. */
    public static String extract(MultiMap headers) {
        String key = headers.get(HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = headers.get(AUTHORIZATION);
        if (isApiKeyAuthorization(authorization)) {
            String value = authorization.substring(SCHEME.length()).trim();
            return value.isEmpty() ? null : value;
        }
        return null;
    }

    /** Whether an {@code Authorization} value uses the {@code ApiKey} scheme (case-insensitive). */
    public static boolean isApiKeyAuthorization(String authorization) {
        return authorization != null
                && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && (authorization.length() == SCHEME.length() || authorization.charAt(SCHEME.length()) == ' ');
    }
}
