package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.Snapshot;
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

    /** An API's {@code auth}; {@link #KEYS_ONLY} by default. */
    public static final ApiOption<ApiAuth> OPTION = ApiOption.of("auth", KEYS_ONLY, api -> of(api.auth()));

    /** An API that asks for tokens with rules the gateway cannot use is skipped, never served on keys alone. */
    public static ApiAuth of(Snapshot.Auth auth) {
        if (auth == null) {
            return KEYS_ONLY;
        }
        Snapshot.Jwt j = auth.jwt();
        JwtRules jwt = j == null ? null
                : JwtRules.of(j.issuer(), j.jwksUrl(), j.audiences(), j.applicationClaim(), j.clockSkewSeconds());
        return new ApiAuth(auth.apiKeys() == null || auth.apiKeys(), jwt);
    }
}
