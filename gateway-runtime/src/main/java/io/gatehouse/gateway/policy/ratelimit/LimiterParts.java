package io.gatehouse.gateway.policy.ratelimit;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What the {@link ExactPath} and the {@link LeasedPath} share: the store and its health, the clocks, the settings
 * and metrics, and the answers both give the same way (the degraded one, and every decision's count).
 */
final class LimiterParts {

    final LimitStore store;
    /** Wall clock: calendar windows of quotas. */
    final Clock clock;
    /** Monotonic clock: leases, denial caching, the store's retry interval. */
    final LongSupplier nanos;
    final RateLimiter.Settings settings;
    final RateLimitMetrics metrics;
    final StoreHealth health;
    private final IntSupplier liveNodes;

    LimiterParts(LimitStore store, Clock clock, LongSupplier nanos, RateLimiter.Settings settings,
                 RateLimitMetrics metrics, IntSupplier liveNodes) {
        this.store = store;
        this.clock = clock;
        this.nanos = nanos;
        this.settings = settings;
        this.metrics = metrics;
        this.liveNodes = liveNodes;
        this.health = new StoreHealth(nanos, settings.storeRetryMs(), metrics);
        metrics.storeAway(health::open);
    }

    /**
     * The answer while the store is away, as the plan's degraded mode says: fail-closed answers 503, fail-open
     * counts on this node alone ({@link LocalLimits}) up to its share of every limit, {@code ceil(limit / live
     * nodes)}.
     */
    LimitDecision degraded(KeyState s) {
        if (s.plan.degraded() == PlanLimits.Degraded.FAIL_CLOSED) {
            return record(s.plan, LimitDecision.unavailable());
        }
        LocalLimits local;
        int nodes = Math.max(1, liveNodes.getAsInt());
        synchronized (s) {
            local = s.local(nodes);
        }
        return record(s.plan, local.acquire(clock));
    }

    /**
     * Quota windows are calendar windows chosen on the gateway's clock, so their resets (and a quota's
     * retry-after, and how long a lease may last) are counted on that clock too.
     */
    LimitStore.Grant onGatewayClock(LimitStore.StoreCall call, LimitStore.Grant g) {
        long now = clock.millis();
        long[] reset = g.resetMs().clone();
        long lease = g.leaseMs();
        long retry = g.retryAfterMs();
        for (int i = 0; i < call.windows().size(); i++) {
            if (!call.windows().get(i).unit().rate()) {
                reset[i] = Math.max(0, call.spans()[i] - now);
                lease = lease < 0 ? reset[i] : Math.min(lease, reset[i]);
                if (g.deniedIndex() == i) {
                    retry = reset[i];
                }
            }
        }
        return new LimitStore.Grant(g.granted(), retry, g.deniedIndex(), Math.max(0, lease), g.remaining(), reset);
    }

    /** Counts {@code d} in the metrics and returns it. */
    LimitDecision record(PlanLimits plan, LimitDecision d) {
        String result = switch (d.verdict()) {
            case ALLOWED -> "allowed";
            case UNAVAILABLE -> "unavailable";
            case DENIED -> d.deniedWindow() != null && d.deniedWindow().kind() == LimitWindow.Kind.QUOTA
                    ? "denied-quota" : "denied-rate";
        };
        metrics.decision(plan.planId(), result, d.degraded());
        return d;
    }

    /** {@code d}, counted, as a completed future. */
    Future<LimitDecision> done(PlanLimits plan, LimitDecision d) {
        return Future.succeededFuture(record(plan, d));
    }
}
