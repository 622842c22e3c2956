package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.config.Snapshot;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** A plan of the snapshot; throws with the reason when its limits cannot be read. */
    public static PlanLimits of(Snapshot.Plan plan) {
        if (plan.id() == null || plan.id().isBlank()) {
            throw new IllegalArgumentException("it has no id");
        }
        List<LimitWindow> windows = new ArrayList<>();
        for (Snapshot.LimitEntry l : plan.limits() == null ? List.<Snapshot.LimitEntry>of() : plan.limits()) {
            if (l.kind() == null || l.timeUnit() == null || l.maxRequests() == null) {
                throw new IllegalArgumentException("a limit needs kind, timeUnit and maxRequests");
            }
            windows.add(new LimitWindow(LimitWindow.Kind.of(l.kind()), LimitWindow.Unit.of(l.timeUnit()), l.maxRequests()));
        }
        // Rates first, shortest first: the order of header items and of the store's keys.
        windows.sort(Comparator.comparing((LimitWindow w) -> w.kind()).thenComparing(LimitWindow::unit));
        ZoneId zone = isBlank(plan.timeZone()) ? ZoneOffset.UTC : ZoneId.of(plan.timeZone().trim());
        return new PlanLimits(plan.id(),
                isBlank(plan.limitKey()) ? Subject.SUBSCRIPTION : Subject.of(plan.limitKey()),
                Mode.resolve(plan.limitMode(), windows),
                isBlank(plan.degradedMode()) ? Degraded.FAIL_OPEN : Degraded.of(plan.degradedMode()),
                zone, windows);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
