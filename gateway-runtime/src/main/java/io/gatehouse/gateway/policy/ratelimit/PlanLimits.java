package io.gatehouse.gateway.policy.ratelimit;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * A plan's limits, compiled from the snapshot once per config: what is counted against, how, and
 * what happens when the counter store is unreachable.
 *
 * @param planId   the plan
 * @param subject  what a limit is counted against
 * @param mode     how it is enforced ({@code auto} is resolved when compiled)
 * @param degraded the behaviour when Redis is unreachable
 * @param zone     the plan's time zone: quota windows follow its calendar
 * @param windows  every limit, rates before quotas; empty means unlimited
 */
public record PlanLimits(String planId, Subject subject, Mode mode, Degraded degraded, ZoneId zone,
                         List<LimitWindow> windows) {

    /**
     * {@code auto} becomes {@link Mode#LEASED} when every window allows at least this many requests;
     * below it a slice would be a handful of requests, and exact mode costs the same.
     */
    public static final long LEASE_THRESHOLD = 1_000;

    public PlanLimits {
        windows = List.copyOf(windows);
    }

    public boolean unlimited() {
        return windows.isEmpty();
    }

    /** What a limit is counted against. */
    public enum Subject {
        SUBSCRIPTION, APPLICATION, CLIENT_IP;

        public static Subject of(String code) {
            return valueOf(code.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** Exact: one atomic store call per admitted request. Leased: budget slices spent locally. */
    public enum Mode {
        EXACT, LEASED;

        /** Resolves {@code exact}, {@code leased} or {@code auto} (by {@link #LEASE_THRESHOLD}). */
        public static Mode resolve(String code, List<LimitWindow> windows) {
            String c = code == null ? "auto" : code.trim().toLowerCase(Locale.ROOT);
            return switch (c) {
                case "exact" -> EXACT;
                case "leased" -> LEASED;
                case "auto" -> !windows.isEmpty() && windows.stream().allMatch(w -> w.max() >= LEASE_THRESHOLD)
                        ? LEASED : EXACT;
                default -> throw new IllegalArgumentException("unknown limit mode '" + code + "'");
            };
        }
    }

    /** Fail-open: serve within a local per-node cap. Fail-closed: answer 503. */
    public enum Degraded {
        FAIL_OPEN, FAIL_CLOSED;

        public static Degraded of(String code) {
            return valueOf(code.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }
}
