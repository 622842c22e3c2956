package io.gatehouse.gateway.metrics;

import io.gatehouse.gateway.pipeline.Exchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts finished requests as {@code gatehouse_gateway_requests_total{api, route, outcome, policy, status_class}}.
 * Labels are bounded: API and route ids come from the config, outcomes are {@code proxied}, {@code cache-hit} or a
 * problem slug, {@code policy} is the name of the policy that answered instead of the upstream ({@code none} when
 * none did), and there is never a per-key, per-application or per-path label.
 */
@Singleton
public class RequestMetrics {

    /** How the request ended: {@code proxied} or the slug of the problem the gateway answered with. */
    public static final Exchange.Key<String> OUTCOME = new Exchange.Key<>("outcome");

    public static final String PROXIED = "proxied";
    public static final String NONE = "none";
    static final String NAME = "gatehouse.gateway.requests";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request that never reached a route (e.g. the gateway is not ready). */
    public void record(String apiId, String outcome, int status) {
        record(apiId, null, outcome, null, status);
    }

    public void record(String apiId, String routeId, String outcome, String policy, int status) {
        String api = apiId == null ? NONE : apiId;
        String route = routeId == null ? NONE : routeId;
        String result = outcome == null ? "unknown" : outcome;
        String decidedBy = policy == null ? NONE : policy;
        String statusClass = (status / 100) + "xx";
        // The lookup key avoids building Tags on every request.
        String key = api + '|' + route + '|' + result + '|' + decidedBy + '|' + statusClass;
        counters.computeIfAbsent(key, k -> Counter.builder(NAME)
                        .description("Requests handled by the gateway")
                        .tag("api", api)
                        .tag("route", route)
                        .tag("outcome", result)
                        .tag("policy", decidedBy)
                        .tag("status_class", statusClass)
                        .register(registry))
                .increment();
    }
}
