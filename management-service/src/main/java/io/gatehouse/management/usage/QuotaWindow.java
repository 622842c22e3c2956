package io.gatehouse.management.usage;

import io.gatehouse.management.plans.TimeUnit;

import java.time.Instant;

/**
 * One day or month quota of a subscription's plan, in its current window.
 *
 * @param limit       the plan's {@code maxRequests}
 * @param used        requests of this application on this plan in {@code [windowStart, countedAt)} that the ledger
 *                    holds with an outcome other than {@code denied} (what the gateway's limiter admitted)
 * @param remaining   {@code max(0, limit - used)}
 * @param windowStart 00:00 of the current day or the 1st of the month in the plan's time zone
 * @param resetsAt    when the next window starts (the gateway resets its counter then)
 * @param countedAt   the end of the count (now, when management asked billing)
 */
public record QuotaWindow(TimeUnit timeUnit, long limit, long used, long remaining, Instant windowStart,
                          Instant resetsAt, Instant countedAt) {

    /** Used share in whole percent (0–100) for a bar; 100 when the limit is 0. */
    public int usedPercent() {
        if (limit <= 0) {
            return 100;
        }
        return (int) Math.min(100, used * 100 / limit);
    }
}
