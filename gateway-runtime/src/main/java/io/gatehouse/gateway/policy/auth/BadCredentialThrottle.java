package io.gatehouse.gateway.policy.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts bad credentials (API keys, and bearer tokens the client chose badly) per client address and says when an
 * address has spent its budget: at most {@code perIp} bad credentials in a window that starts at the address's first
 * one. Only bad credentials are counted and only they are throttled, so a valid key or token from the same address
 * always passes.
 *
 * <p>Node-local and bounded: a Caffeine map of at most {@code maxAddresses} entries that expire a window after their
 * last write, so guessing from many addresses costs memory, never a Redis call. One {@link #recordFailure} is one
 * atomic map update, safe on any event loop.
 */
public final class BadCredentialThrottle {

    /** A throttle that never throttles ({@code per-ip = 0}). */
    public static final BadCredentialThrottle OFF = new BadCredentialThrottle(0, Duration.ofSeconds(1), 1, Clock.systemUTC(), null);

    /** The answer to one bad key: throttled or not, and if so for how many whole seconds (at least 1). */
    public record Verdict(boolean throttled, long retryAfterSeconds) {
        static final Verdict ALLOWED = new Verdict(false, 0);
    }

    /** One address's window: when it started and how many bad keys it has seen. Immutable; replaced atomically. */
    private record Window(long startMillis, int count) {
    }

    private final int perIp;
    private final long windowMillis;
    private final Clock clock;
    private final Cache<String, Window> windows;
    private final Counter throttled;

    /**
     * @param perIp        bad keys an address may present per window; {@code 0} turns the throttle off
     * @param window       the window's length, positive
     * @param maxAddresses the most addresses tracked at once, positive
     * @param clock        the time source of the windows (and of the map's expiry)
     * @param registry     where {@code gatehouse_bad_credentials_throttled_total} is counted; {@code null} for none
     */
    public BadCredentialThrottle(int perIp, Duration window, int maxAddresses, Clock clock, MeterRegistry registry) {
        if (perIp < 0) {
            throw new IllegalArgumentException("gatehouse.gateway.bad-credentials.per-ip must be 0 (off) or more, not " + perIp);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("gatehouse.gateway.bad-credentials.window must be a positive duration, not " + window);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("gatehouse.gateway.bad-credentials.max-addresses must be positive, not " + maxAddresses);
        }
        this.perIp = perIp;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        // Expiry runs on the injected clock, and maintenance inline (no pool thread), so tests that move time see it.
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfterWrite(windowMillis, TimeUnit.MILLISECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
        this.throttled = registry == null ? null : Counter.builder("gatehouse.bad.credentials.throttled")
                .description("Requests answered 429 because their client address presented too many bad API keys")
                .register(registry);
    }

    /** A throttle from the node's settings. */
    public static BadCredentialThrottle of(BadCredentialSettings settings, Clock clock, MeterRegistry registry) {
        return new BadCredentialThrottle(settings.perIp(), settings.window(), settings.maxAddresses(), clock, registry);
    }

    public boolean enabled() {
        return perIp > 0;
    }

    /** The 429 for an address over its budget; {@code what} names the credentials ("API keys", "bearer tokens"). */
    public static Problem tooMany(Verdict verdict, String what) {
        return Problem.of(GatewayError.TOO_MANY_BAD_CREDENTIALS,
                "Too many bad " + what + " from this address; retry after " + verdict.retryAfterSeconds() + " s",
                Map.of("Retry-After", Long.toString(verdict.retryAfterSeconds())));
    }

    /**
     * Counts one bad key from {@code clientIp} and says whether it is over the budget. A request over the budget is
     * counted in the metric; its bad key still counts, but never extends the window.
     */
    public Verdict recordFailure(String clientIp) {
        if (perIp == 0 || clientIp == null) {
            return Verdict.ALLOWED;
        }
        long now = clock.millis();
        Window w = windows.asMap().compute(clientIp, (ip, old) ->
                old == null || now - old.startMillis() >= windowMillis
                        ? new Window(now, 1)
                        : new Window(old.startMillis(), old.count() == Integer.MAX_VALUE ? old.count() : old.count() + 1));
        if (w.count() <= perIp) {
            return Verdict.ALLOWED;
        }
        if (throttled != null) {
            throttled.increment();
        }
        long left = w.startMillis() + windowMillis - now;
        return new Verdict(true, Math.max(1, (left + 999) / 1000));
    }

    /** How many addresses are tracked now (for tests of the bound). */
    long trackedAddresses() {
        windows.cleanUp();
        return windows.estimatedSize();
    }
}
