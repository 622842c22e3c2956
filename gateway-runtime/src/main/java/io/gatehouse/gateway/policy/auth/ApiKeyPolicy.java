package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.ApiOptionOwner;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates the request by API key: hashes the presented key and looks the hash up in the
 * config's {@link KeyDirectory}. Missing, unknown, revoked or expired keys are denied with 401.
 * A request a bearer token already authenticated (see {@code policy.jwt.JwtPolicy}) passes; for an
 * API that takes both, the missing-credentials answer names both schemes.
 *
 * <p>Bad keys are counted per client address ({@link BadCredentialThrottle}): past the budget, a bad key is answered
 * 429 {@code too-many-bad-credentials} with {@code Retry-After} instead of 401. A valid key is never throttled.
 */
public final class ApiKeyPolicy implements Policy, ApiOptionOwner {

    /** The authenticated key, set when this policy continues. */
    public static final Exchange.Key<ApiKey> API_KEY = new Exchange.Key<>("api-key");

    static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "ApiKey realm=\"gatehouse\"");
    static final Map<String, String> KEY_OR_TOKEN_CHALLENGE = Map.of("WWW-Authenticate",
            "ApiKey realm=\"gatehouse\", Bearer realm=\"gatehouse\"");

    private final ApiKeyHasher hasher;
    private final Clock clock;
    private final BadCredentialThrottle throttle;

    public ApiKeyPolicy(ApiKeyHasher hasher, Clock clock) {
        this(hasher, clock, BadCredentialThrottle.OFF);
    }

    public ApiKeyPolicy(ApiKeyHasher hasher, Clock clock, BadCredentialThrottle throttle) {
        this.hasher = hasher;
        this.clock = clock;
        this.throttle = throttle;
    }

    @Override
    public String name() {
        return "api-key";
    }

    @Override
    public List<ApiOption<?>> apiOptions() {
        return List.of(ApiAuth.OPTION);
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        if (exchange.get(API_KEY) != null) {
            return Outcome.proceed();
        }
        Route route = exchange.get(RoutePolicy.ROUTE);
        ApiAuth auth = route == null ? ApiAuth.KEYS_ONLY : exchange.config().option(route.apiId(), ApiAuth.OPTION);
        if (!auth.apiKeys()) {
            // Only reachable if the bearer policy is not before this one: still never let a key in.
            return Outcome.respond(GatewayError.MISSING_TOKEN, "This API accepts bearer tokens only",
                    Map.of("WWW-Authenticate", "Bearer realm=\"gatehouse\""));
        }
        String presented = ApiKeyCredentials.extract(exchange.headers());
        if (presented == null) {
            return auth.acceptsTokens()
                    ? Outcome.respond(GatewayError.MISSING_CREDENTIALS, "Send an API key in the X-Api-Key header or "
                    + "as 'Authorization: ApiKey <key>', or an access token as 'Authorization: Bearer <token>'",
                    KEY_OR_TOKEN_CHALLENGE)
                    : Outcome.respond(GatewayError.MISSING_CREDENTIALS,
                    "Send an API key in the X-Api-Key header or as 'Authorization: ApiKey <key>'", CHALLENGE);
        }
        String hash = hasher.hash(presented);
        return exchange.config().part(KeyDirectory.PART).findByHash(hash).map(found -> decide(exchange, found));
    }

    private Outcome decide(Exchange exchange, Optional<ApiKey> found) {
        if (found.isEmpty()) {
            return deny(exchange, "The API key is unknown or has been revoked");
        }
        ApiKey key = found.get();
        if (key.isExpiredAt(clock.instant())) {
            return deny(exchange, "The API key has expired");
        }
        exchange.put(API_KEY, key);
        return Outcome.CONTINUE;
    }

    private Outcome deny(Exchange exchange, String detail) {
        BadCredentialThrottle.Verdict verdict = throttle.recordFailure(exchange.get(Exchange.CLIENT_IP));
        if (verdict.throttled()) {
            return new Outcome.Respond(BadCredentialThrottle.tooMany(verdict, "API keys"));
        }
        return new Outcome.Respond(Problem.of(GatewayError.INVALID_CREDENTIALS, detail, CHALLENGE));
    }
}
