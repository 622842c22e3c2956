package io.gatehouse.gateway.policy.ratelimit;

import java.util.ArrayList;
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

    /**
     * A denial. The denied window's reset is set to the retry-after, so that every number a 429 carries
     * ({@code Retry-After}, the RateLimit {@code t}, {@code X-RateLimit-Reset}, the body's
     * {@code retryAfterSeconds} and {@code resetsAt}) names the same instant: when one request fits again.
     */
    static LimitDecision denied(long retryAfterMs, LimitWindow window, List<WindowStatus> windows, boolean degraded) {
        long retry = Math.max(1, retryAfterMs);
        long retrySeconds = (retry + 999) / 1000;
        List<WindowStatus> agreed = new ArrayList<>(windows.size());
        for (WindowStatus w : windows) {
            agreed.add(w.window().equals(window) ? new WindowStatus(w.window(), 0, retrySeconds, w.spanSeconds()) : w);
        }
        return new LimitDecision(Verdict.DENIED, retry, window, List.copyOf(agreed), degraded);
    }

    /**
     * This denial {@code elapsedMs} later, with {@code leftMs} still to wait: every window's reset moves on
     * by the time that has passed, so a remembered denial's headers stay as true as a fresh one's.
     */
    LimitDecision later(long elapsedMs, long leftMs) {
        List<WindowStatus> aged = new ArrayList<>(windows.size());
        for (WindowStatus w : windows) {
            long resetMs = Math.max(0, w.resetSeconds() * 1000 - elapsedMs);
            aged.add(new WindowStatus(w.window(), w.remaining(), (resetMs + 999) / 1000, w.spanSeconds()));
        }
        return denied(leftMs, deniedWindow, aged, degraded);
    }

    static LimitDecision unavailable() {
        return new LimitDecision(Verdict.UNAVAILABLE, 1_000, null, List.of(), true);
    }
}
