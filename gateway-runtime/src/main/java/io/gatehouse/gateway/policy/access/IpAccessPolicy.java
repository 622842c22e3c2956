package io.gatehouse.gateway.policy.access;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.ApiOptionOwner;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.Future;

import java.util.List;

/** Answers 403 {@code ip-denied} when the API's address lists do not admit the client. Runs before authentication. */
public final class IpAccessPolicy implements Policy, ApiOptionOwner {

    @Override
    public String name() {
        return "ip-access";
    }

    @Override
    public List<ApiOption<?>> apiOptions() {
        return List.of(IpAccess.OPTION);
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        if (route == null) {
            return Outcome.proceed();
        }
        return admits(exchange, route.apiId())
                ? Outcome.proceed()
                : Outcome.respond(GatewayError.IP_DENIED, "Requests from this address are not allowed for this API");
    }

    /** Whether the API admits {@code clientIp}; shared with the CORS preflight, which answers before routing. */
    public static boolean admits(Exchange exchange, String apiId) {
        IpAccess access = exchange.config().option(apiId, IpAccess.OPTION);
        return access == null || access.admits(exchange.get(Exchange.CLIENT_IP));
    }
}
