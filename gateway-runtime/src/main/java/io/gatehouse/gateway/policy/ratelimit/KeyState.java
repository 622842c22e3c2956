package io.gatehouse.gateway.policy.ratelimit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one node knows about one plan and subject: the store keys of the current windows, a remembered
 * denial, the leased slice, and the local counters of fail-open. Guarded by its own monitor.
 */
final class KeyState {

    final PlanLimits plan;
    final String subject;
    private final String namespace;
    private final long[] spanSeconds;
    private LimitStore.StoreCall call;
    private Instant callValidUntil = Instant.MIN;
    long lastUsedNanos;
    private long deniedAtNanos;
    private long deniedUntilNanos;
    private LimitDecision denial;
    final LeasedBudget lease = new LeasedBudget();
    private LocalLimits local;

    KeyState(PlanLimits plan, String subject, String namespace) {
        this.plan = plan;
        this.subject = subject;
        this.namespace = namespace;
        this.spanSeconds = new long[plan.windows().size()];
    }

    /**
     * The store keys for now, {@code <ns>:rl:{<plan>:<subject kind>:<subject>}:<window>…}; quota keys name their
     * calendar window, so they change with it.
     */
    LimitStore.StoreCall call(Instant now) {
        if (call != null && now.isBefore(callValidUntil)) {
            return call;
        }
        String base = namespace + ":rl:{" + plan.planId() + ':' + plan.subject().name().toLowerCase() + ':'
                + subject + "}:";
        int n = plan.windows().size();
        List<String> keys = new ArrayList<>(n);
        long[] spans = new long[n];
        Instant validUntil = Instant.MAX;
        for (int i = 0; i < n; i++) {
            LimitWindow w = plan.windows().get(i);
            if (w.unit().rate()) {
                keys.add(base + w.unit().code());
                spans[i] = w.unit().spanMs();
                spanSeconds[i] = w.unit().spanMs() / 1000;
            } else {
                CalendarWindow cw = CalendarWindow.of(w.unit(), plan.zone(), now);
                keys.add(base + w.unit().code() + ':' + cw.id());
                spans[i] = cw.end().toEpochMilli();
                spanSeconds[i] = cw.spanSeconds();
                if (cw.end().isBefore(validUntil)) {
                    validUntil = cw.end();
                }
            }
        }
        call = new LimitStore.StoreCall(List.copyOf(keys), plan.windows(), spans);
        callValidUntil = validUntil;
        // A new calendar window: a denial remembered from the old one no longer holds.
        denial = null;
        return call;
    }

    /**
     * The denial remembered until it can change ({@code Retry-After}), aged to {@code now}, or {@code null}. This
     * never admits too much: the store's answer said no permit fits before then.
     */
    LimitDecision cachedDenial(long now) {
        if (denial == null) {
            return null;
        }
        long left = deniedUntilNanos - now;
        if (left <= 0) {
            denial = null;
            return null;
        }
        return denial.later((now - deniedAtNanos) / 1_000_000, (left + 999_999) / 1_000_000);
    }

    /** The store said no ({@code g}): the denial, remembered until its retry-after. */
    LimitDecision deny(long now, LimitStore.Grant g, List<WindowStatus> status) {
        long retry = Math.max(1, g.retryAfterMs());
        int index = g.deniedIndex() >= 0 ? g.deniedIndex() : firstExhausted(status);
        denial = LimitDecision.denied(retry, plan.windows().get(index), status, false);
        deniedAtNanos = now;
        deniedUntilNanos = now + retry * 1_000_000L;
        return denial;
    }

    /** Each window's state for the headers: {@code remaining + extra} permits, reset after {@code resetMs}. */
    List<WindowStatus> status(long[] remaining, long[] resetMs, long extra) {
        List<WindowStatus> out = new ArrayList<>(plan.windows().size());
        for (int i = 0; i < plan.windows().size(); i++) {
            LimitWindow w = plan.windows().get(i);
            out.add(new WindowStatus(w, remaining[i] + extra, LocalLimits.ceilSeconds(resetMs[i]), spanSeconds[i]));
        }
        return out;
    }

    /** Headers while spending a lease: the budget the store had left after the grant, plus ours. */
    List<WindowStatus> leaseStatus(long now) {
        long elapsedMs = (now - lease.grantNanos()) / 1_000_000L;
        long[] granted = lease.resetMs();
        long[] reset = new long[granted.length];
        for (int i = 0; i < reset.length; i++) {
            reset[i] = Math.max(0, granted[i] - elapsedMs);
        }
        return status(lease.remaining(), reset, lease.permits());
    }

    /** The node-local counters of fail-open, sized for {@code nodes} live nodes. */
    LocalLimits local(int nodes) {
        if (local == null || local.nodes() != nodes) {
            local = new LocalLimits(plan, nodes);
        }
        return local;
    }

    private int firstExhausted(List<WindowStatus> status) {
        for (int i = 0; i < status.size(); i++) {
            if (status.get(i).remaining() == 0) {
                return i;
            }
        }
        return 0;
    }
}
