package io.gatehouse.billing.analytics;

import java.util.UUID;

/** One application's traffic in a period, for the "top applications" table. */
public record ApplicationUsage(UUID applicationId, UUID organizationId, long requests, long billableRequests,
                               long errors4xx, long errors5xx, Double avgLatencyMs) {
}
