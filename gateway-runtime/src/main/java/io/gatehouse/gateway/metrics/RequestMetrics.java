package io.gatehouse.gateway.metrics;

import io.gatehouse.gateway.pipeline.Exchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts finished requests as {@code gatehouse_gateway_requests_total} by API id, outcome and
 * status class. Labels are bounded: API ids come from the config, outcomes are {@code proxied}
 * or a problem slug, and there is never a per-key or per-path label.
 */
@ApplicationScoped
public class RequestMetrics {

    /** How the request ended: {@code proxied} or the slug of the problem the gateway answered with. */
    public static final Exchange.Key<String> OUTCOME = new Exchange.Key<>("outcome");

    public static final String PROXIED = "proxied";
    static final String NAME = "gatehouse.gateway.requests";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String apiId, String outcome, int status) {
        String api = apiId == null ? "none" : apiId;
        String result = outcome == null ? "unknown" : outcome;
        String statusClass = (status / 100) + "xx";
        // The lookup key avoids building Tags on every request.
        String key = api + '|' + result + '|' + statusClass;
        counters.computeIfAbsent(key, k -> Counter.builder(NAME)
                        .description("Requests handled by the gateway")
                        .tag("api", api)
                        .tag("outcome", result)
                        .tag("status_class", statusClass)
                        .register(registry))
                .increment();
    }
}
