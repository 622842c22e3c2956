package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.ApiOptionOwner;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.auth.ApiAuth;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.auth.BadCredentialThrottle;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;

/**
 * Authenticates a request by OAuth2/OIDC bearer token for APIs whose {@code auth} has {@code jwt}; runs just before
 * {@link ApiKeyPolicy}. With a valid token it finds the application from the token's client claim and sets
 * {@link ApiKeyPolicy#API_KEY} to {@link ApiKey#forToken that application} (no key id, no prefix), so subscription,
 * plan, limits, cache and usage treat the request exactly like one made with that application's key.
 *
 * <ul>
 *   <li>API without {@code jwt}: does nothing (a bearer token is then just a header for the upstream).</li>
 *   <li>No bearer token: if the API also takes keys, the key policy decides; else 401 {@code missing-token}.</li>
 *   <li>A bearer token: it is checked (a token wins over a key sent alongside); 401 {@code invalid-token} if it is
 *       malformed, badly signed, for another issuer or audience, expired, not yet valid, or names no known
 *       application, and also when the issuer's keys cannot be fetched.</li>
 * </ul>
 * Keys come from {@link JwksCache}: from memory when the token's {@code kid} is known, else after one (throttled,
 * shared) refresh. Verification itself is CPU only, so the event loop never waits on anything but that fetch.
 */
public final class JwtPolicy implements Policy, ApiOptionOwner {

    /** The accepted token, set when this policy authenticated the request. */
    public static final Exchange.Key<VerifiedToken> TOKEN = new Exchange.Key<>("bearer-token");

    private final JwksCache jwks;
    private final TokenVerifier verifier;
    private final Clock clock;
    private final JwtMetrics metrics;
    private final BadCredentialThrottle throttle;

    public JwtPolicy(JwksCache jwks, TokenVerifier verifier, Clock clock, JwtMetrics metrics) {
        this(jwks, verifier, clock, metrics, BadCredentialThrottle.OFF);
    }

    /**
     * @param throttle counts the client's rejected tokens with its bad API keys (one budget per address); past it, a
     *                 rejected token is answered 429 {@code too-many-bad-credentials}. A token refused because the
     *                 issuer's keys could not be fetched is not the client's fault and is not counted.
     */
    public JwtPolicy(JwksCache jwks, TokenVerifier verifier, Clock clock, JwtMetrics metrics,
                     BadCredentialThrottle throttle) {
        this.jwks = jwks;
        this.verifier = verifier;
        this.clock = clock;
        this.metrics = metrics;
        this.throttle = throttle;
    }

    @Override
    public String name() {
        return "jwt";
    }

    @Override
    public List<ApiOption<?>> apiOptions() {
        return List.of(ApiAuth.OPTION);
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        if (route == null) {
            return Outcome.proceed();
        }
        ApiAuth auth = exchange.config().option(route.apiId(), ApiAuth.OPTION);
        JwtRules rules = auth.jwt();
        if (rules == null) {
            return Outcome.proceed();
        }
        String token = BearerToken.extract(exchange.headers());
        if (token == null) {
            if (auth.apiKeys()) {
                return Outcome.proceed();
            }
            metrics.missing();
            return Outcome.respond(GatewayError.MISSING_TOKEN,
                    "Send an OAuth2 access token as 'Authorization: Bearer <token>'", BearerChallenge.missing());
        }
        TokenVerifier.ParsedToken parsed;
        try {
            parsed = verifier.parse(token);
        } catch (TokenRejected e) {
            return Future.succeededFuture(rejected(exchange, e.description()));
        }
        IssuerKeys keys = jwks.cached(rules.jwksUrl());
        if (keys != null && verifier.keyFor(parsed, keys.keys()) != null) {
            return Future.succeededFuture(decide(exchange, rules, parsed, keys));
        }
        // Unknown kid (a rotation at the issuer) or no keys yet: one shared, throttled fetch, then decide.
        return onCallersContext(jwks.refresh(rules.jwksUrl())).map(fresh -> {
            if (fresh == null) {
                metrics.keysUnavailable();
                return invalid("The issuer's signing keys could not be fetched");
            }
            return decide(exchange, rules, parsed, fresh);
        });
    }

    private Outcome decide(Exchange exchange, JwtRules rules, TokenVerifier.ParsedToken parsed, IssuerKeys keys) {
        VerifiedToken verified;
        try {
            verified = verifier.verify(parsed, keys.keys(), rules, clock.instant());
        } catch (TokenRejected e) {
            return rejected(exchange, e.description());
        }
        String applicationId = exchange.config().part(ClientApplications.PART).applicationFor(verified.clientId());
        if (applicationId == null) {
            return rejected(exchange, "The token's client is not a known application");
        }
        exchange.put(TOKEN, verified);
        exchange.put(ApiKeyPolicy.API_KEY, ApiKey.forToken(applicationId));
        metrics.accepted();
        return Outcome.CONTINUE;
    }

    /** A token the client chose badly: counted against its address, 429 once over the budget. */
    private Outcome rejected(Exchange exchange, String description) {
        BadCredentialThrottle.Verdict verdict = throttle.recordFailure(exchange.get(Exchange.CLIENT_IP));
        if (verdict.throttled()) {
            metrics.invalid();
            return new Outcome.Respond(BadCredentialThrottle.tooMany(verdict, "bearer tokens"));
        }
        return invalid(description);
    }

    private Outcome invalid(String description) {
        metrics.invalid();
        return new Outcome.Respond(Problem.of(GatewayError.INVALID_TOKEN, description,
                BearerChallenge.invalidToken(description)));
    }

    /**
     * A shared fetch completes on the event loop that started it; the request continues on its own loop, because an
     * exchange and its connection belong to one thread.
     */
    private static <T> Future<T> onCallersContext(Future<T> future) {
        Context caller = Vertx.currentContext();
        if (caller == null || future.isComplete()) {
            return future;
        }
        Promise<T> promise = Promise.promise();
        future.onComplete(ar -> {
            if (Vertx.currentContext() == caller) {
                promise.handle(ar);
            } else {
                caller.runOnContext(v -> promise.handle(ar));
            }
        });
        return promise.future();
    }
}
