package io.gatehouse.gateway.upstream;

import java.util.function.LongSupplier;

/**
 * Bounds retries of one API so that a failing upstream is not hit with a storm of them: every request deposits
 * {@code ratio} of a retry, every second deposits {@code minPerSecond} more (so a quiet API can still retry), the
 * balance is capped, and a retry spends one. Over time retries stay within {@code ratio × requests + minPerSecond × seconds}.
 */
public final class RetryBudget {

    public static final double DEFAULT_RATIO = 0.2;
    public static final double DEFAULT_MIN_PER_SECOND = 3;

    private final double ratio;
    private final double minPerSecond;
    private final double cap;
    private final LongSupplier nanos;
    private double balance;
    private long lastRefillNanos;

    public RetryBudget(double ratio, double minPerSecond, LongSupplier nanos) {
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.cap = Math.max(10, minPerSecond * 10);
        this.nanos = nanos;
        this.lastRefillNanos = nanos.getAsLong();
        this.balance = minPerSecond;
    }

    /** Call once per request that goes upstream. */
    public synchronized void deposit() {
        balance = Math.min(cap, balance + ratio);
    }

    /** Spends one retry if the budget has one. */
    public synchronized boolean tryRetry() {
        long now = nanos.getAsLong();
        balance = Math.min(cap, balance + (now - lastRefillNanos) / 1e9 * minPerSecond);
        lastRefillNanos = now;
        if (balance >= 1) {
            balance -= 1;
            return true;
        }
        return false;
    }
}
