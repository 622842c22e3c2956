package io.gatehouse.gateway.policy.scrub;

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
 * Removes the API's {@link ScrubbedHeaders} ({@code Server} and {@code X-Powered-By} by default) from every answer of
 * its routes: the upstream's, and a cache hit stored from one. Runs right after the route policy; never denies.
 * Answers that matched no route carry no upstream header and are left alone.
 */
public final class ScrubHeadersPolicy implements Policy, ApiOptionOwner {

    @Override
    public String name() {
        return "scrub-headers";
    }

    @Override
    public List<ApiOption<?>> apiOptions() {
        return List.of(ScrubbedHeaders.OPTION);
    }

    @Override
    public Future<Outcome> onRequest(Exchange exchange) {
        return Outcome.proceed();
    }

    @Override
    public void onResponse(Exchange exchange, ResponseHead head) {
        Route route = exchange.get(RoutePolicy.ROUTE);
        if (route != null) {
            exchange.config().option(route.apiId(), ScrubbedHeaders.OPTION).removeFrom(head.headers());
        }
    }
}
