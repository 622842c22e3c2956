package io.gatehouse.gateway.compose;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code gatehouse_compose_parts_total{api, route, part, result}}: how each part of each composition ended
 * ({@code ok} or the part error's slug). Every label comes from the config, never from the request.
 */
@Singleton
public class CompositionMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public CompositionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void part(String apiId, String routeId, PartResult result) {
        String outcome = result instanceof PartResult.Failed f ? f.error().slug() : "ok";
        String route = routeId == null ? "none" : routeId;
        counters.computeIfAbsent(apiId + '|' + route + '|' + result.name() + '|' + outcome,
                k -> Counter.builder("gatehouse.compose.parts")
                        .description("Parts of composition routes, by how they ended")
                        .tag("api", apiId).tag("route", route).tag("part", result.name()).tag("result", outcome)
                        .register(registry)).increment();
    }
}
