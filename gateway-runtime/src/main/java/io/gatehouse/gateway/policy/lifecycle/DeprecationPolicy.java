package io.gatehouse.gateway.policy.lifecycle;

import io.gatehouse.gateway.config.ApiOption;
import io.gatehouse.gateway.config.ApiOptionOwner;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.Policy;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.vertx.core.Future;

import java.util.List;

/**
 * Announces a deprecated API on every response of its routes, denials included: {@code Deprecation}
 * (RFC 9745) and {@code Sunset} (RFC 8594). Runs right after the route policy; never denies.
 * Retired APIs are not in the config at all, so their routes answer 404.
 */
public final class DeprecationPolicy implements Policy, ApiOptionOwner {

    @Override
    public String name() {
        return "deprecation";
    }

    @Override
    public List<ApiOption<?>> apiOptions() {
        return List.of(DeprecationNotice.OPTION);
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
        DeprecationNotice notice = exchange.config().option(route.apiId(), DeprecationNotice.OPTION);
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
