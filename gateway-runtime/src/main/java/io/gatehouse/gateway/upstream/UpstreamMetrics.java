package io.gatehouse.gateway.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Upstream metrics, labelled by API id and target id only (both bounded by the config, never per key or user):
 * {@code gatehouse_upstream_latency_seconds{api}} (time to the response head, a histogram),
 * {@code gatehouse_upstream_retries_total{api}}, {@code gatehouse_upstream_target_healthy{api,target}} (1/0) and
 * {@code gatehouse_upstream_breaker_state{api,target}} (0 closed, 1 half-open, 2 open).
 */
@Singleton
public class UpstreamMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> latency = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> retries = new ConcurrentHashMap<>();

    public UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void recordLatency(String apiId, long nanos) {
        latency.computeIfAbsent(apiId, api -> Timer.builder("gatehouse.upstream.latency")
                        .description("Time from sending a request upstream to its response head")
                        .tag("api", api)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void retried(String apiId) {
        retries.computeIfAbsent(apiId, api -> Counter.builder("gatehouse.upstream.retries")
                .description("Requests sent again to another target after a connection failure")
                .tag("api", api).register(registry)).increment();
    }

    /** Registers the gauges of one target; returns them so they can be removed when the target leaves the config. */
    List<Meter> registerTarget(String apiId, String targetId, TargetHealth health) {
        String target = targetId == null ? "unnamed" : targetId;
        return List.of(
                Gauge.builder("gatehouse.upstream.target.healthy", health, TargetHealth::healthyGauge)
                        .description("1 if the target takes traffic, 0 if ejected or failing health checks")
                        .tag("api", apiId).tag("target", target).register(registry),
                Gauge.builder("gatehouse.upstream.breaker.state", health, TargetHealth::stateGauge)
                        .description("Circuit breaker of the target: 0 closed, 1 half-open, 2 open")
                        .tag("api", apiId).tag("target", target).register(registry));
    }

    void remove(List<Meter> meters) {
        meters.forEach(registry::remove);
    }
}
