package io.gatehouse.gateway.policy.ratelimit;

import java.util.Locale;

/**
 * One limit of a plan: at most {@code max} requests per {@code unit}.
 *
 * <p>A {@link Kind#RATE rate} window (second, minute, hour) is a token bucket of capacity
 * {@code max} refilled at {@code max} per unit (GCRA), and in addition never admits more than
 * {@code max} within one clock-aligned unit: no 2× burst at a window edge, and "100 per minute"
 * is never more than 100 in any clock minute. A {@link Kind#QUOTA quota} (day, month) is a counter
 * per calendar window in the plan's time zone.
 *
 * @param kind rate or quota
 * @param unit the window
 * @param max  requests allowed per window, &gt; 0
 */
public record LimitWindow(Kind kind, Unit unit, long max) {

    public LimitWindow {
        if (max <= 0) {
            throw new IllegalArgumentException("a limit must allow at least one request, not " + max);
        }
        if (kind == Kind.RATE && !unit.rate() || kind == Kind.QUOTA && unit.rate()) {
            throw new IllegalArgumentException(kind.code() + " limits cannot be per " + unit.code());
        }
    }

    /** The policy name in headers and problems, e.g. {@code minute} or {@code month}. */
    public String name() {
        return unit.code();
    }

    /** Rate or quota. */
    public enum Kind {
        RATE, QUOTA;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads {@code rate} or {@code quota}. */
        public static Kind of(String code) {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The length of a window. Rate units have a fixed span; calendar units follow the plan's zone. */
    public enum Unit {
        SECOND(1_000L), MINUTE(60_000L), HOUR(3_600_000L), DAY(0), MONTH(0);

        private final long spanMs;

        Unit(long spanMs) {
            this.spanMs = spanMs;
        }

        /** The span of a rate unit in milliseconds; 0 for calendar units. */
        public long spanMs() {
            return spanMs;
        }

        public boolean rate() {
            return spanMs > 0;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads {@code second}, {@code minute}, … . */
        public static Unit of(String code) {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        }
    }
}
