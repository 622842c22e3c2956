package io.gatehouse.billing.analytics;

import java.time.Instant;
import java.util.UUID;

/**
 * What the ledger holds for one application (and plan) in {@code [from, to)}: the count a quota
 * window is compared with.
 *
 * @param requests         every event
 * @param admitted         events whose outcome is not {@code denied}: what the gateway's limiter let through
 *                         (forwarded, cache hits, upstream errors, gateway errors) — the requests a quota counts
 * @param billableRequests the default billing rule (forwarded or cache hit, 2xx or 3xx)
 */
public record UsageTotals(UUID applicationId, UUID planId, Instant from, Instant to, long requests, long admitted,
                          long billableRequests) {
}
