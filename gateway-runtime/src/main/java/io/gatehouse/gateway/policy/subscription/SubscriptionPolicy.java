package io.gatehouse.gateway.policy.subscription;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.Future;

import java.util.List;

/**
 * Lets the request through only if a subscription of the key's application grants the routed API, and, when its
 * plan's product grants only some routes or methods of it, the matched route and the request's method; else 403
 * {@code not-subscribed}.
 */
public final class SubscriptionPolicy implements Policy {

    /** The subscription the request runs under (and so its plan), set when this policy continues. */
    public static final Exchange.Key<Subscription> SUBSCRIPTION = new Exchange.Key<>("subscription");

    @Override
    public String name() {
        return "subscription";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        ApiKey key = exchange.get(ApiKeyPolicy.API_KEY);
        if (route == null || key == null) {
            // A wiring mistake (policy order), not a client error.
            return Outcome.fail(new IllegalStateException("subscription policy needs a route and a key before it"));
        }
        List<ApiGrant> grants = exchange.config().part(SubscriptionIndex.PART).grants(key.applicationId(), route.apiId());
        if (grants == null) {
            return Outcome.respond(GatewayError.NOT_SUBSCRIBED,
                    "The application of this API key has no active subscription to this API");
        }
        String method = exchange.method();
        for (int i = 0; i < grants.size(); i++) {
            ApiGrant grant = grants.get(i);
            if (grant.admits(route.id(), method)) {
                exchange.put(SUBSCRIPTION, grant.subscription());
                return Outcome.proceed();
            }
        }
        return Outcome.respond(GatewayError.NOT_SUBSCRIBED, includesRoute(grants, route.id())
                ? "The product of this API key's plan does not include the method " + method + " on this route"
                : "The product of this API key's plan does not include this route of the API");
    }

    private static boolean includesRoute(List<ApiGrant> grants, String routeId) {
        for (int i = 0; i < grants.size(); i++) {
            if (grants.get(i).includesRoute(routeId)) {
                return true;
            }
        }
        return false;
    }
}
