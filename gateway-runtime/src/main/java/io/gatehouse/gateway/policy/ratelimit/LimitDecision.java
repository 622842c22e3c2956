package io.gatehouse.gateway.policy.ratelimit;

import java.util.List;

/**
 * What the limiter decided for one request.
 *
 * @param verdict      admitted, denied by a limit, or the store was unreachable under fail-closed
 * @param retryAfterMs for a denial: when one request will fit again
 * @param deniedWindow for a denial: the limit that was hit
 * @param windows      every window's state, for headers (may be empty when unknown)
 * @param degraded     true when decided without the shared store (fail-open local cap)
 */
public record LimitDecision(Verdict verdict, long retryAfterMs, LimitWindow deniedWindow,
                            List<WindowStatus> windows, boolean degraded) {

    public static final LimitDecision UNLIMITED = new LimitDecision(Verdict.ALLOWED, 0, null, List.of(), false);

    public boolean allowed() {
        return verdict == Verdict.ALLOWED;
    }

    /** The three answers. */
    public enum Verdict { ALLOWED, DENIED, UNAVAILABLE }

    static LimitDecision allowed(List<WindowStatus> windows, boolean degraded) {
        return new LimitDecision(Verdict.ALLOWED, 0, null, windows, degraded);
    }

    static LimitDecision denied(long retryAfterMs, LimitWindow window, List<WindowStatus> windows, boolean degraded) {
        return new LimitDecision(Verdict.DENIED, Math.max(1, retryAfterMs), window, windows, degraded);
    }

    static LimitDecision unavailable() {
        return new LimitDecision(Verdict.UNAVAILABLE, 1_000, null, List.of(), true);
    }
}
