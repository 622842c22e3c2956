package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.policy.jwt.JwtRules;

/**
 * Which credentials an API accepts, compiled once per snapshot. An API accepts at least one kind.
 *
 * @param apiKeys whether API keys ({@code X-Api-Key}, {@code Authorization: ApiKey …}) are accepted
 * @param jwt     how bearer tokens are checked, or {@code null} when the API takes no tokens
 */
public record ApiAuth(boolean apiKeys, JwtRules jwt) {

    /** The default of an API without {@code auth}: API keys only. */
    public static final ApiAuth KEYS_ONLY = new ApiAuth(true, null);

    public ApiAuth {
        if (!apiKeys && jwt == null) {
            throw new IllegalArgumentException("auth accepts no credential: apiKeys is false and there is no jwt");
        }
    }

    public boolean acceptsTokens() {
        return jwt != null;
    }
}
