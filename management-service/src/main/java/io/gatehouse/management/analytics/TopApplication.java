package io.gatehouse.management.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** One of the busiest applications, with the names management knows (null when the application is gone). */
public record TopApplication(UUID applicationId, String applicationName, UUID organizationId, String organizationName,
                             long requests, long billableRequests, long errors4xx, long errors5xx, Double avgLatencyMs) {

    /** Share of 4xx and 5xx answers in percent, to 0.1; null without requests. */
    @JsonProperty("errorRatePercent")
    public Double errorRatePercent() {
        return requests == 0 ? null : Math.round((errors4xx + errors5xx) * 1000.0 / requests) / 10.0;
    }
}
