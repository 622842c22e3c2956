package io.gatehouse.gateway.policy.ratelimit;

import io.vertx.core.Future;

import java.util.List;

/**
 * The shared counter store every gateway node decides against (Redis in production). One call
 * decides and counts atomically; implementations must never block the calling event loop and must
 * fail (not hang) within their timeout budget.
 */
public interface LimitStore {

    /**
     * Grants up to {@code asked} permits against every window of {@code call} at once, or gives
     * back {@code -asked} unspent permits when {@code asked} is negative.
     *
     * @return the grant; a failed future when the store could not be reached in time
     */
    Future<Grant> acquire(StoreCall call, long asked);

    /** Asks the store whether it answers at all (the breaker's probe); fails as {@link #acquire} would. */
    Future<Void> ping();

    /** Prepares the store ahead of the first request (loads scripts, opens connections); optional. */
    default Future<Void> warmUp() {
        return Future.succeededFuture();
    }

    /**
     * One plan's windows for one subject, resolved to store keys.
     *
     * @param keys    one key per window, in the order of {@code windows}
     * @param windows the plan's windows
     * @param spans   per window: the span in ms (rate) or the calendar window's end as epoch ms (quota)
     */
    record StoreCall(List<String> keys, List<LimitWindow> windows, long[] spans) {
    }

    /**
     * What the store granted.
     *
     * @param granted      permits granted (0 = denied)
     * @param retryAfterMs when denied: time until one permit fits
     * @param deniedIndex  when denied: index of the binding window, or -1
     * @param leaseMs      time until the first window ends: permits must be spent before then
     * @param remaining    per window: what it still allows after this call
     * @param resetMs      per window: time until it is full again (rate) or resets (quota)
     */
    record Grant(long granted, long retryAfterMs, int deniedIndex, long leaseMs, long[] remaining, long[] resetMs) {
    }
}
