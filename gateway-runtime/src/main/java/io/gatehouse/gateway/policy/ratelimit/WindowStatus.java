package io.gatehouse.gateway.policy.ratelimit;

/**
 * Where one window stands after a decision, for the response headers.
 *
 * @param window       the limit
 * @param remaining    requests it still allows
 * @param resetSeconds seconds until it allows its full limit again (rate) or resets (quota)
 * @param spanSeconds  the window's length in seconds (a calendar month's actual length)
 */
public record WindowStatus(LimitWindow window, long remaining, long resetSeconds, long spanSeconds) {
}
