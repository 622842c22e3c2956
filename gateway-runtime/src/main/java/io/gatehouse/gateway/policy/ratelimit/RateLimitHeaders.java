package io.gatehouse.gateway.policy.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response headers of a limited request, from the limiter's decision alone (no store call):
 *
 * <ul>
 *   <li>{@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers): one
 *       item per window, named for it, e.g. {@code "minute";q=100;w=60} and
 *       {@code "minute";r=42;t=17} ({@code q} quota, {@code w} window seconds, {@code r}
 *       remaining, {@code t} seconds until it resets);</li>
 *   <li>{@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset}
 *       (seconds) for the most restrictive window: the one that denied, else the one with the
 *       fewest requests left.</li>
 * </ul>
 * A 429 adds {@code Retry-After} (seconds, rounded up).
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static Map<String, String> of(LimitDecision d) {
        Map<String, String> h = new LinkedHashMap<>();
        List<WindowStatus> windows = d.windows();
        if (windows.isEmpty()) {
            return h;
        }
        StringBuilder policy = new StringBuilder();
        StringBuilder state = new StringBuilder();
        WindowStatus tightest = null;
        for (WindowStatus w : windows) {
            if (!policy.isEmpty()) {
                policy.append(", ");
                state.append(", ");
            }
            policy.append('"').append(w.window().name()).append("\";q=").append(w.window().max())
                    .append(";w=").append(w.spanSeconds());
            state.append('"').append(w.window().name()).append("\";r=").append(w.remaining())
                    .append(";t=").append(w.resetSeconds());
            if (d.deniedWindow() != null) {
                if (w.window().equals(d.deniedWindow())) {
                    tightest = w;
                }
            } else if (tightest == null || w.remaining() < tightest.remaining()) {
                tightest = w;
            }
        }
        if (tightest == null) {
            tightest = windows.get(0);
        }
        h.put("RateLimit-Policy", policy.toString());
        h.put("RateLimit", state.toString());
        h.put("X-RateLimit-Limit", Long.toString(tightest.window().max()));
        h.put("X-RateLimit-Remaining", Long.toString(tightest.remaining()));
        h.put("X-RateLimit-Reset", Long.toString(tightest.resetSeconds()));
        return h;
    }

    /** {@code Retry-After} in whole seconds, at least 1. */
    public static String retryAfter(long retryAfterMs) {
        return Long.toString(Math.max(1, (retryAfterMs + 999) / 1000));
    }
}
