package io.gatehouse.management.billingreports;

import java.time.Instant;

/** One bucket of billing's usage time series (see billing-metering's README); latency percentiles only when asked for. */
public record UsagePoint(Instant bucketStart, long requests, long billableRequests, long errors4xx, long errors5xx,
                         Double avgLatencyMs, Integer p50LatencyMs, Integer p95LatencyMs, Integer p99LatencyMs) {

    /** Requests answered 4xx or 5xx. */
    public long errors() {
        return errors4xx + errors5xx;
    }

    /** Share of errors in percent, to 0.1; null without requests. */
    public Double errorRatePercent() {
        return requests == 0 ? null : Math.round(errors() * 1000.0 / requests) / 10.0;
    }
}
