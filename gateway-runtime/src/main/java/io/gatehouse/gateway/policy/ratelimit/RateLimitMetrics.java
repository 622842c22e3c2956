package io.gatehouse.gateway.policy.ratelimit;

/** What the limiter reports; the gateway binds it to Micrometer, tests may count for themselves. */
public interface RateLimitMetrics {

    /** A decision for a plan: {@code allowed}, {@code denied-rate}, {@code denied-quota} or {@code unavailable}. */
    void decision(String planId, String result, boolean degraded);

    /** The limiter called the store (an exact decision, a lease refill or a give-back). */
    void storeCall();

    /** The store failed or timed out. */
    void storeError();

    /** A leased node asked the store for a slice and got {@code granted} permits. */
    void leaseRefill(String planId, long granted);

    /**
     * Reports, whenever read, whether the limiter takes its store for away (its breaker is open: plans apply their
     * degraded mode). Called once, when the limiter is built.
     */
    default void storeAway(java.util.function.BooleanSupplier away) {
    }

    RateLimitMetrics NONE = new RateLimitMetrics() {
        @Override
        public void decision(String planId, String result, boolean degraded) {
        }

        @Override
        public void storeCall() {
        }

        @Override
        public void storeError() {
        }

        @Override
        public void leaseRefill(String planId, long granted) {
        }
    };
}
