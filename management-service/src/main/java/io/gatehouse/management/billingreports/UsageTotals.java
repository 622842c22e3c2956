package io.gatehouse.management.billingreports;

import java.time.Instant;
import java.util.UUID;

/** billing's {@code GET /billing/v1/usage/totals}: {@code admitted} counts events whose outcome is not {@code denied}. */
public record UsageTotals(UUID applicationId, UUID planId, Instant from, Instant to, long requests, long admitted,
                          long billableRequests) {
}
