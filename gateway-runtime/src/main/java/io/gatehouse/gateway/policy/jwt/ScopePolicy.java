package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.Future;

import java.util.Set;

/**
 * Enforces a route's {@code requiredScopes} after authentication: the accepted bearer token must grant every one of
 * them, else 403 {@code insufficient-scope} (RFC 6750 {@code error="insufficient_scope"}). An API key grants no
 * scopes, so a route that requires scopes answers 403 to keys too: requiring a scope never opens a side door.
 */
public final class ScopePolicy implements Policy {

    private final JwtMetrics metrics;

    public ScopePolicy(JwtMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "scope";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        Set<String> required = route == null ? Set.of() : route.options().requiredScopes();
        if (required.isEmpty()) {
            return Outcome.proceed();
        }
        VerifiedToken token = exchange.get(JwtPolicy.TOKEN);
        if (token != null && token.scopes().containsAll(required)) {
            return Outcome.proceed();
        }
        metrics.insufficientScope();
        return Outcome.respond(GatewayError.INSUFFICIENT_SCOPE,
                "This route requires the scopes: " + String.join(" ", new java.util.TreeSet<>(required)),
                BearerChallenge.insufficientScope(required));
    }
}
