package io.gatehouse.gateway.policy.cors;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.ApiOptionOwner;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.access.IpAccess;
import io.gatehouse.gateway.policy.access.IpAccessPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RouteMatch;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

import java.util.List;


/**
 * Answers CORS preflights ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) at the
 * gateway, without an API key, for APIs that declare CORS. Runs first: the route is looked up with the method the
 * browser intends to send, so a route that does not accept {@code OPTIONS} can still be preflighted. A preflight
 * for an API without CORS rules goes through the chain like any request.
 *
 * <p>A preflight does not carry the headers of the request it announces, so the route is looked up ignoring header
 * conditions: the first route by precedence for the host, path and intended method decides which API's CORS rules
 * answer. Routes that share a prefix but differ only in header conditions should therefore belong to APIs with the
 * same CORS rules (or to one API).
 */
public final class CorsPreflightPolicy implements Policy, ApiOptionOwner {

    static final String OUTCOME = "cors-preflight";

    @Override
    public String name() {
        return "cors-preflight";
    }

    @Override
    public List<ApiOption<?>> apiOptions() {
        return List.of(CorsRules.OPTION, IpAccess.OPTION);
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        if (!"OPTIONS".equals(exchange.method())) {
            return Outcome.proceed();
        }
        String origin = exchange.headers().get("Origin");
        String requestedMethod = exchange.headers().get("Access-Control-Request-Method");
        if (origin == null || requestedMethod == null) {
            return Outcome.proceed();
        }
        RouteMatch match = exchange.config().part(RouteTable.PART)
                .matchIgnoringHeaders(requestedMethod.trim(), exchange.host(), exchange.path());
        if (!(match instanceof RouteMatch.Found found)) {
            return Outcome.proceed();
        }
        Route route = found.route();
        CorsRules rules = exchange.config().option(route.apiId(), CorsRules.OPTION);
        if (rules == null) {
            return Outcome.proceed();
        }
        exchange.put(RoutePolicy.ROUTE, route);
        if (!IpAccessPolicy.admits(exchange, route.apiId())) {
            return Outcome.respond(GatewayError.IP_DENIED, "Requests from this address are not allowed for this API");
        }
        String requestedHeaders = exchange.headers().get("Access-Control-Request-Headers");
        if (!rules.allowsOrigin(origin) || !rules.allowsMethod(requestedMethod.trim())
                || !rules.allowsHeaders(requestedHeaders)) {
            return Outcome.respond(GatewayError.CORS_REJECTED,
                    "This API does not allow that origin, method or header from a browser");
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.set("Access-Control-Allow-Origin", rules.allowOrigin(origin));
        headers.set("Access-Control-Allow-Methods", rules.allowMethods());
        String allowHeaders = rules.allowHeaders(requestedHeaders);
        if (!allowHeaders.isEmpty()) {
            headers.set("Access-Control-Allow-Headers", allowHeaders);
        }
        if (rules.credentials()) {
            headers.set("Access-Control-Allow-Credentials", "true");
        }
        if (rules.maxAge() != null) {
            headers.set("Access-Control-Max-Age", rules.maxAge());
        }
        headers.set("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        return Future.succeededFuture(new Outcome.Reply(204, headers, null, OUTCOME));
    }
}
