package io.gatehouse.gateway.upstream;

/**
 * The live state of one target: its circuit breaker (which is also its passive ejection) and what active health
 * checks last said. Shared by every request of every event loop, so it is lock-free or holds its lock only for a
 * few field updates; it survives config swaps as long as the target stays in the config.
 *
 * <p>Breaker: CLOSED counts consecutive failures; at the API's threshold it goes OPEN and the target is skipped.
 * After {@code openMs} the next request that picks it becomes the single HALF_OPEN probe: success closes the
 * breaker, failure opens it again for another {@code openMs}. A probe that never reports is replaced after
 * {@code openMs}.
 */
public final class TargetHealth {

    /** Breaker states, with the value the {@code gatehouse_upstream_breaker_state} gauge shows. */
    public enum State {
        CLOSED(0), HALF_OPEN(1), OPEN(2);

        final int gauge;

        State(int gauge) {
            this.gauge = gauge;
        }
    }

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long stateSinceNanos;
    private volatile boolean activeHealthy = true;
    private int checkPasses;
    private int checkFailures;

    /**
     * Whether a request may go to this target now; claims the half-open probe when the cool-down is over.
     * Call only for the target actually chosen.
     */
    public synchronized boolean tryAcquire(long nowNanos, ResilienceSettings settings) {
        if (!activeHealthy) {
            return false;
        }
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
            case HALF_OPEN:
                if (nowNanos - stateSinceNanos >= settings.openMs() * 1_000_000L) {
                    state = State.HALF_OPEN;
                    stateSinceNanos = nowNanos;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /** Whether the target is usable without claiming anything (for picking among candidates). */
    public synchronized boolean looksAvailable(long nowNanos, ResilienceSettings settings) {
        return activeHealthy && (state == State.CLOSED
                || nowNanos - stateSinceNanos >= settings.openMs() * 1_000_000L);
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    public synchronized void onFailure(long nowNanos, ResilienceSettings settings) {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= settings.failureThreshold())) {
            state = State.OPEN;
            stateSinceNanos = nowNanos;
        }
    }

    /** Records one active health check; returns true if the target's active health changed. */
    public synchronized boolean onCheck(boolean passed, ResilienceSettings.HealthCheckSettings check) {
        if (passed) {
            checkFailures = 0;
            checkPasses++;
            if (!activeHealthy && checkPasses >= check.healthyThreshold()) {
                activeHealthy = true;
                // The checks saw it recover: let real traffic find out at once instead of waiting out the breaker.
                if (state != State.CLOSED) {
                    state = State.CLOSED;
                    consecutiveFailures = 0;
                }
                return true;
            }
        } else {
            checkPasses = 0;
            checkFailures++;
            if (activeHealthy && checkFailures >= check.unhealthyThreshold()) {
                activeHealthy = false;
                return true;
            }
        }
        return false;
    }

    /** Forget active-check verdicts (the API no longer checks actively). */
    public synchronized void clearChecks() {
        activeHealthy = true;
        checkPasses = 0;
        checkFailures = 0;
    }

    public synchronized State state() {
        return state;
    }

    public boolean activeHealthy() {
        return activeHealthy;
    }

    /** 1 if the target takes traffic (active checks pass and the breaker is not open), else 0. */
    public synchronized int healthyGauge() {
        return activeHealthy && state != State.OPEN ? 1 : 0;
    }

    public synchronized int stateGauge() {
        return state.gauge;
    }
}
