package io.gatehouse.gateway.policy.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Binds the limiter's reports to Micrometer:
 * {@code gatehouse_ratelimit_decisions_total{plan, result, degraded}},
 * {@code gatehouse_ratelimit_store_calls_total}, {@code gatehouse_ratelimit_store_errors_total},
 * {@code gatehouse_ratelimit_lease_refills_total{plan}}
 * {@code gatehouse_ratelimit_lease_permits_total{plan}}
 * and the gauge {@code gatehouse_ratelimit_store_away} (1 while the store is taken for away). Counters are cached so the hot path
 * does not look them up in the registry.
 */
public final class MicrometerRateLimitMetrics implements RateLimitMetrics {

    private final MeterRegistry registry;
    private final Counter storeErrors;
    private final Counter storeCalls;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public MicrometerRateLimitMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.storeErrors = Counter.builder("gatehouse.ratelimit.store.errors")
                .description("Rate limit store calls that failed or timed out").register(registry);
        this.storeCalls = Counter.builder("gatehouse.ratelimit.store.calls")
                .description("Calls to the rate limit store (Redis script evaluations)").register(registry);
    }

    @Override
    public void decision(String planId, String result, boolean degraded) {
        counters.computeIfAbsent("d|" + planId + '|' + result + '|' + degraded, k -> Counter
                .builder("gatehouse.ratelimit.decisions")
                .description("Rate limit decisions by plan and result; degraded=true when decided without the store")
                .tags("plan", planId, "result", result, "degraded", Boolean.toString(degraded))
                .register(registry)).increment();
    }

    @Override
    public void storeCall() {
        storeCalls.increment();
    }

    @Override
    public void storeError() {
        storeErrors.increment();
    }

    @Override
    public void leaseRefill(String planId, long granted) {
        counters.computeIfAbsent("r|" + planId, k -> Counter.builder("gatehouse.ratelimit.lease.refills")
                .description("Slices a leased node asked the store for").tags("plan", planId)
                .register(registry)).increment();
        counters.computeIfAbsent("p|" + planId, k -> Counter.builder("gatehouse.ratelimit.lease.permits")
                .description("Permits granted to this node in slices").tags("plan", planId)
                .register(registry)).increment(granted);
    }

    @Override
    public void storeAway(BooleanSupplier away) {
        Gauge.builder("gatehouse.ratelimit.store.away", away, a -> a.getAsBoolean() ? 1 : 0)
                .description("1 while the rate limit store is taken for away and plans apply their degraded mode")
                .strongReference(true)
                .register(registry);
    }
}
