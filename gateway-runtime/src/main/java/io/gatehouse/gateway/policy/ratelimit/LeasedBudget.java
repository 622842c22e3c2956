package io.gatehouse.gateway.policy.ratelimit;

import io.vertx.core.Future;

/**
 * One node's slice of a leased plan's budget for one subject: permits reserved in the store (charged to every
 * window at once) and spent here without a store call.
 *
 * <p>Slices grow only while the node spends them quickly (doubling from {@code initialSlice} when one was spent
 * within {@code horizonMs}, halving otherwise), never exceed {@code maxSlice} nor {@code remaining / divisor} of the
 * window's budget (so they shrink to 1 near exhaustion), and expire with the first window they were charged to.
 *
 * <p>Not thread-safe: guarded by the monitor of the {@link KeyState} that owns it.
 */
final class LeasedBudget {

    /** Lease expiry is moved this much earlier than the store said, for the answer's travel time. */
    private static final long MARGIN_NANOS = 5_000_000L;

    private long permits;
    private LimitStore.StoreCall call;
    private long grantNanos;
    private long untilNanos;
    private long[] remaining;
    private long[] resetMs;
    private long lastSlice;
    /** The store call reserving the next slice, while one is under way; others wait for it. */
    Future<Void> refill;

    /**
     * Takes one permit, if the slice holds one for {@code current} (the store keys of now). A slice charged to a
     * window that has ended is dropped first: spending it now could exceed the new window.
     */
    boolean take(long now, LimitStore.StoreCall current) {
        if (permits > 0 && (now - untilNanos >= 0 || call != current)) {
            permits = 0;
        }
        if (permits > 0) {
            permits--;
            return true;
        }
        return false;
    }

    /** The store granted {@code g} (on the gateway's clock) for {@code granted}, answered at {@code now}. */
    void granted(long now, LimitStore.StoreCall granted, LimitStore.Grant g) {
        permits = g.granted();
        call = granted;
        grantNanos = now;
        untilNanos = now + g.leaseMs() * 1_000_000L - MARGIN_NANOS;
        remaining = g.remaining();
        resetMs = g.resetMs();
    }

    /** How many permits to ask for next. */
    long nextSlice(long now, RateLimiter.Settings settings, PlanLimits plan) {
        long next;
        if (lastSlice == 0) {
            next = settings.initialSlice();
        } else if (now - grantNanos < settings.horizonMs() * 1_000_000L) {
            next = lastSlice * 2;
        } else {
            next = Math.max(1, lastSlice / 2);
        }
        long budget = Long.MAX_VALUE;
        if (remaining != null && now - untilNanos < 0) {
            for (long r : remaining) {
                budget = Math.min(budget, r);
            }
        } else {
            for (LimitWindow w : plan.windows()) {
                budget = Math.min(budget, w.max());
            }
        }
        next = Math.min(next, Math.min(settings.maxSlice(), Math.max(1, budget / settings.divisor())));
        lastSlice = next;
        return next;
    }

    /**
     * Empties the slice for giving it back to the store, and forgets its size (an idle node starts again from the
     * initial slice). Returns the permits to give back, 0 if there is nothing to give (none left, the lease ended,
     * or a refill is under way).
     */
    long takeBack(long now) {
        if (permits <= 0 || now - untilNanos >= 0 || refill != null) {
            return 0;
        }
        long back = permits;
        permits = 0;
        lastSlice = 0;
        return back;
    }

    /** The store keys the slice was charged to. */
    LimitStore.StoreCall call() {
        return call;
    }

    /** Permits left in the slice. */
    long permits() {
        return permits;
    }

    /** When the slice was granted (monotonic nanos). */
    long grantNanos() {
        return grantNanos;
    }

    /** The store's budget left per window after the grant. */
    long[] remaining() {
        return remaining;
    }

    /** Each window's reset in ms after the grant, as the store said. */
    long[] resetMs() {
        return resetMs;
    }
}
