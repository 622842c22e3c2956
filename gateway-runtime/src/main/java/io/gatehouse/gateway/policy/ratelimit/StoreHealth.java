package io.gatehouse.gateway.policy.ratelimit;

import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Whether the {@link LimitStore} is taken for away: a breaker with one probe at a time.
 *
 * <p>A failure opens it: for {@code retryMs} nobody asks the store. Then exactly one caller (a request, or
 * {@link #probe} with no request) asks it, the others stay degraded meanwhile, so no request waits on a dead store
 * but the probe, and that call's success closes the breaker. Thread-safe.
 */
final class StoreHealth {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final LongSupplier nanos;
    private final long retryNanos;
    private final RateLimitMetrics metrics;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long downUntilNanos;

    StoreHealth(LongSupplier nanos, long retryMs, RateLimitMetrics metrics) {
        this.nanos = nanos;
        this.retryNanos = retryMs * 1_000_000L;
        this.metrics = metrics;
        this.downUntilNanos = nanos.getAsLong();
    }

    /**
     * True while the store is known away. Once the retry interval has passed since the last failure, one caller
     * (the one that wins the probe) gets {@code false} and asks the store; the others keep getting {@code true}
     * until its answer closes the breaker or its failure opens it again.
     */
    boolean down(long now) {
        if (!failing.get()) {
            return false;
        }
        if (now - downUntilNanos < 0) {
            return true;
        }
        return !probing.compareAndSet(false, true);
    }

    /** A store call failed: opens the breaker (again) for the retry interval. */
    void failed(Throwable e) {
        metrics.storeError();
        downUntilNanos = nanos.getAsLong() + retryNanos;
        if (failing.compareAndSet(false, true)) {
            LOG.warnf("the rate limit store is unreachable (%s); plans apply their degraded mode", e.toString());
        }
        probing.set(false);
    }

    /** A store call succeeded: closes the breaker. */
    void recovered() {
        if (failing.compareAndSet(true, false)) {
            LOG.info("the rate limit store answers again; limits are enforced cluster-wide");
        }
        probing.set(false);
    }

    /**
     * While the breaker is open and its retry interval has passed, pings {@code store} (no request waits on this)
     * and closes the breaker when it answers. Does nothing while the store is healthy.
     */
    void probe(LimitStore store) {
        long now = nanos.getAsLong();
        if (!failing.get() || now - downUntilNanos < 0 || !probing.compareAndSet(false, true)) {
            return;
        }
        store.ping().onComplete(ar -> {
            if (ar.succeeded()) {
                recovered();
            } else {
                failed(ar.cause());
            }
        });
    }

    /** True while the breaker is open. */
    boolean open() {
        return failing.get();
    }
}
