package io.gatehouse.gateway.policy.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fail-open cap: one node's own count of one plan and subject, used only while the shared
 * store is unreachable. The same rules as the store's script (token bucket plus a cap per
 * clock-aligned window for rates, calendar counters for quotas), each limit divided among the
 * live nodes and rounded up ({@code ceil(limit / nodes)}), in memory. Thread-safe.
 */
final class LocalLimits {

    private final PlanLimits plan;
    private final long[] max;
    private final double[] tatMs;
    private final long[] windowId;
    private final long[] used;
    private final String[] calendarId;
    private final int nodes;

    LocalLimits(PlanLimits plan, int nodes) {
        this.plan = plan;
        this.nodes = nodes;
        int n = plan.windows().size();
        max = new long[n];
        tatMs = new double[n];
        windowId = new long[n];
        used = new long[n];
        calendarId = new String[n];
        for (int i = 0; i < n; i++) {
            long limit = plan.windows().get(i).max();
            max[i] = (limit + nodes - 1) / nodes;
        }
    }

    /** The live node count this share was computed for. */
    int nodes() {
        return nodes;
    }

    synchronized LimitDecision acquire(Clock clock) {
        Instant at = clock.instant();
        long now = at.toEpochMilli();
        int n = max.length;
        CalendarWindow[] calendar = new CalendarWindow[n];
        boolean fits = true;
        long retry = 0;
        int denied = -1;
        for (int i = 0; i < n; i++) {
            LimitWindow w = plan.windows().get(i);
            if (w.unit().rate()) {
                long span = w.unit().spanMs();
                double interval = (double) span / max[i];
                long wid = now / span;
                if (windowId[i] != wid) {
                    windowId[i] = wid;
                    used[i] = 0;
                }
                double tat = Math.max(tatMs[i], now);
                long wait = 0;
                if (tat + interval - span > now) {
                    wait = (long) Math.ceil(tat + interval - span - now);
                }
                if (used[i] >= max[i]) {
                    wait = Math.max(wait, (wid + 1) * span - now);
                }
                if (wait > 0) {
                    fits = false;
                    if (wait > retry) {
                        retry = wait;
                        denied = i;
                    }
                }
            } else {
                calendar[i] = CalendarWindow.of(w.unit(), plan.zone(), at);
                if (!calendar[i].id().equals(calendarId[i])) {
                    calendarId[i] = calendar[i].id();
                    used[i] = 0;
                }
                if (used[i] >= max[i]) {
                    fits = false;
                    long wait = calendar[i].end().toEpochMilli() - now;
                    if (wait > retry) {
                        retry = wait;
                        denied = i;
                    }
                }
            }
        }
        List<WindowStatus> status = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LimitWindow w = plan.windows().get(i);
            if (fits) {
                used[i]++;
                if (w.unit().rate()) {
                    tatMs[i] = Math.max(tatMs[i], now) + (double) w.unit().spanMs() / max[i];
                }
            }
            long remaining = Math.max(0, max[i] - used[i]);
            long reset = w.unit().rate()
                    ? ((now / w.unit().spanMs()) + 1) * w.unit().spanMs() - now
                    : calendar[i].end().toEpochMilli() - now;
            long span = w.unit().rate() ? w.unit().spanMs() / 1000 : calendar[i].spanSeconds();
            status.add(new WindowStatus(w, remaining, ceilSeconds(reset), span));
        }
        return fits
                ? LimitDecision.allowed(status, true)
                : LimitDecision.denied(retry, plan.windows().get(Math.max(0, denied)), status, true);
    }

    static long ceilSeconds(long ms) {
        return Math.max(0, (ms + 999) / 1000);
    }
}
