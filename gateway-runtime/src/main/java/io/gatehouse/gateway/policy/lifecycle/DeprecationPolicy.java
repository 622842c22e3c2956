package io.gatehouse.gateway.policy.lifecycle;

import io.gatehouse.gateway.config.ApiOptions;
import io.gatehouse.gateway.config.DeprecationNotice;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.vertx.core.Future;

/**
 * Announces a deprecated API on every response of its routes, denials included: {@code Deprecation}
 * (RFC 9745) and {@code Sunset} (RFC 8594). Runs right after the route policy; never denies.
 * Retired APIs are not in the config at all, so their routes answer 404.
 */
public final class DeprecationPolicy implements Policy {

    @Override
    public String name() {
        return "deprecation";
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        return Outcome.proceed();
    }

    /** {@code Deprecation} and {@code Sunset} of a deprecated API, on every answer of its routes. */
    @Override
    public void onResponse(Exchange exchange, ResponseHead head) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        if (route == null) {
            return;
        }
        ApiOptions options = exchange.config().apiOptions(route.apiId());
        DeprecationNotice notice = options == null ? null : options.sunset();
        if (notice != null) {
            if (notice.deprecation() != null) {
                head.headers().set("Deprecation", notice.deprecation());
            }
            if (notice.sunset() != null) {
                head.headers().set("Sunset", notice.sunset());
            }
        }
    }
}
