package io.gatehouse.gateway.policy.access;

import io.gatehouse.gateway.config.ApiOptions;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.Future;

/** Answers 403 {@code ip-denied} when the API's address lists do not admit the client. Runs before authentication. */
public final class IpAccessPolicy implements Policy {

    @Override
    public String name() {
        return "ip-access";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        if (route == null) {
            return Outcome.proceed();
        }
        return admits(exchange.config().apiOptions(route.apiId()), exchange.get(Exchange.CLIENT_IP))
                ? Outcome.proceed()
                : Outcome.respond(GatewayError.IP_DENIED, "Requests from this address are not allowed for this API");
    }

    static boolean admits(ApiOptions options, String clientIp) {
        return options.ipAccess() == null || options.ipAccess().admits(clientIp);
    }

    /** Whether the API admits {@code clientIp}; shared with the CORS preflight, which answers before routing. */
    public static boolean admits(Exchange exchange, String apiId) {
        return admits(exchange.config().apiOptions(apiId), exchange.get(Exchange.CLIENT_IP));
    }
}
