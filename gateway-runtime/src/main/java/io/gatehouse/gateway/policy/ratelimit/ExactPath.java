package io.gatehouse.gateway.policy.ratelimit;

import io.vertx.core.Future;

/**
 * Exact plans: one atomic store call per request, unless a remembered denial answers first or the store is away
 * (then the plan's degraded mode does).
 */
final class ExactPath {

    private final LimiterParts parts;

    ExactPath(LimiterParts parts) {
        this.parts = parts;
    }

    Future<LimitDecision> decide(KeyState s) {
        long now = parts.nanos.getAsLong();
        LimitStore.StoreCall call;
        synchronized (s) {
            s.lastUsedNanos = now;
            call = s.call(parts.clock.instant());
            LimitDecision cached = s.cachedDenial(now);
            if (cached != null) {
                return parts.done(s.plan, cached);
            }
        }
        if (parts.health.down(now)) {
            return Future.succeededFuture(parts.degraded(s));
        }
        parts.metrics.storeCall();
        return parts.store.acquire(call, 1).map(answer -> {
            parts.health.recovered();
            LimitStore.Grant g = parts.onGatewayClock(call, answer);
            LimitDecision d;
            synchronized (s) {
                d = g.granted() > 0
                        ? LimitDecision.allowed(s.status(g.remaining(), g.resetMs(), 0), false)
                        : s.deny(parts.nanos.getAsLong(), g, s.status(g.remaining(), g.resetMs(), 0));
            }
            return parts.record(s.plan, d);
        }).recover(e -> {
            parts.health.failed(e);
            return Future.succeededFuture(parts.degraded(s));
        });
    }
}
