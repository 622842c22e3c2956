package io.gatehouse.gateway.policy.route;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.Future;

import java.util.Map;

/** Finds the route for the request in the config's {@link RouteTable}; 404 or 405 when there is none. */
public final class RoutePolicy implements Policy {

    /** The matched route, set when this policy continues. */
    public static final Exchange.Key<Route> ROUTE = new Exchange.Key<>("route");

    @Override
    public String name() {
        return "route";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        RouteMatch match = exchange.config().part(RouteTable.PART)
                .match(exchange.method(), exchange.host(), exchange.path(), exchange.headers());
        if (match instanceof RouteMatch.Found found) {
            exchange.put(ROUTE, found.route());
            return Outcome.proceed();
        }
        if (match instanceof RouteMatch.MethodNotAllowed notAllowed) {
            return Outcome.respond(GatewayError.METHOD_NOT_ALLOWED,
                    "Method " + exchange.method() + " is not allowed here",
                    Map.of("Allow", String.join(", ", notAllowed.allowed())));
        }
        return Outcome.respond(GatewayError.ROUTE_NOT_FOUND, "No API is published at " + exchange.path());
    }
}
