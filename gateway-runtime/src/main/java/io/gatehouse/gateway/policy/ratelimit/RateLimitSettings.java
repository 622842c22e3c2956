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

    /** The timeout budget of one store call; past it the plan's degraded mode decides. */
    @WithDefault("50ms")
    Duration storeTimeout();

    /** After a store failure, decide in degraded mode this long before asking the store again. */
    @WithDefault("1s")
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

    /** Fail-open cap per node, as a share of each limit (1.0: each node enforces the full limit locally). */
    @WithDefault("1.0")
    double failOpenShare();

    default RateLimiter.Settings limiterSettings() {
        return new RateLimiter.Settings(leaseInitialSlice(), leaseMaxSlice(), leaseDivisor(), leaseHorizon().toMillis(),
                leaseIdleReturn().toMillis(), storeRetry().toMillis(), failOpenShare());
    }
}
