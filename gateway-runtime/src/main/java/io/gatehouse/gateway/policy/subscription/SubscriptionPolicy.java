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

import java.util.Optional;

/** Lets the request through only if the key's application has an active subscription to the routed API; else 403. */
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
        Optional<Subscription> subscription = exchange.config().part(SubscriptionIndex.PART).find(key.applicationId(), route.apiId());
        if (subscription.isEmpty()) {
            return Outcome.respond(GatewayError.NOT_SUBSCRIBED,
                    "The application of this API key has no active subscription to this API");
        }
        exchange.put(SUBSCRIPTION, subscription.get());
        return Outcome.proceed();
    }
}
