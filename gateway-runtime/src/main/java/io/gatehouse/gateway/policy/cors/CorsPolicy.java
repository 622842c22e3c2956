package io.gatehouse.gateway.policy.cors;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.ApiOptionOwner;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

import java.util.List;

/**
 * Adds the CORS response headers for an actual (non-preflight) browser request from an allowed origin, on
 * whatever answer it gets, denials included, so the page can read them. Never denies: a browser enforces CORS,
 * not the gateway, and the API key still decides access.
 */
public final class CorsPolicy implements Policy, ApiOptionOwner {

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public List<ApiOption<?>> apiOptions() {
        return List.of(CorsRules.OPTION);
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        return Outcome.proceed();
    }

    /**
     * On whatever answer a cross-origin request gets (the upstream's, a denial, a cache hit): the CORS headers of its
     * API, replacing an upstream's of the same name; {@code Vary: Origin} is added to the upstream's {@code Vary}.
     */
    @Override
    public void onResponse(Exchange exchange, ResponseHead head) {
        String origin = exchange.headers().get("Origin");
        Route route = exchange.get(RoutePolicy.ROUTE);
        if (origin == null || route == null) {
            return;
        }
        CorsRules rules = exchange.config().option(route.apiId(), CorsRules.OPTION);
        if (rules == null) {
            return;
        }
        MultiMap headers = head.headers();
        if (rules.variesByOrigin()) {
            headers.add("Vary", "Origin");
        }
        if (rules.allowsOrigin(origin)) {
            headers.set("Access-Control-Allow-Origin", rules.allowOrigin(origin));
            if (rules.credentials()) {
                headers.set("Access-Control-Allow-Credentials", "true");
            }
            if (rules.exposeHeaders() != null) {
                headers.set("Access-Control-Expose-Headers", rules.exposeHeaders());
            }
        }
    }
}
