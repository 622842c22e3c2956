package io.gatehouse.gateway.policy.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Settings of the rate limiter ({@code gatehouse.rate-limit.*}, env {@code GATEHOUSE_RATE_LIMIT_*}).
 * What a plan allows comes from the plan; these only tune how it is enforced.
 */
@ConfigMapping(prefix = "gatehouse.rate-limit")
public interface RateLimitSettings {

    /**
     * Redis is taken for away when a store call has waited this long and Redis has answered nothing at all
     * meanwhile; then the plan's degraded mode decides. A call that waits only because this gateway is busy
     * (Redis answering other calls) keeps waiting, and its answer is used.
     */
    @WithDefault("250ms")
    Duration storeTimeout();

    /** The longest one store call waits while Redis answers others; past it the call counts as failed. */
    @WithDefault("5s")
    Duration storeMaxWait();

    /** After a store failure, decide in degraded mode this long before one request probes the store again. */
    @WithDefault("100ms")
    Duration storeRetry();

    /** Permits a leased node asks for first (and after it has been idle). */
    @WithDefault("8")
    long leaseInitialSlice();

    /** The largest slice a leased node may hold. */
    @WithDefault("200")
    long leaseMaxSlice();

    /** A slice is at most the window's remaining budget divided by this. */
    @WithDefault("8")
    long leaseDivisor();

    /** A slice spent faster than this doubles the next one, a slower one halves it. */
    @WithDefault("250ms")
    Duration leaseHorizon();

    /** A node unused this long for a plan and subject gives its unspent permits back. */
    @WithDefault("1s")
    Duration leaseIdleReturn();

    default RateLimiter.Settings limiterSettings() {
        return new RateLimiter.Settings(leaseInitialSlice(), leaseMaxSlice(), leaseDivisor(), leaseHorizon().toMillis(),
                leaseIdleReturn().toMillis(), storeRetry().toMillis());
    }
}
