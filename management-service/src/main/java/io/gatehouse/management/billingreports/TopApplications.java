package io.gatehouse.management.billingreports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** billing's {@code GET /billing/v1/usage/top-applications}: most requests first. */
public record TopApplications(Instant from, Instant to, List<Item> items) {

    public record Item(UUID applicationId, UUID organizationId, long requests, long billableRequests, long errors4xx,
                       long errors5xx, Double avgLatencyMs) {
    }
}
