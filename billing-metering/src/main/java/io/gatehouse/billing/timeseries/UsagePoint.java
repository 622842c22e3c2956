package io.gatehouse.billing.timeseries;

import java.time.Instant;

/**
 * The usage within one bucket. A bucket without traffic has zero counts and no latency figures.
 *
 * @param requests         every request, whatever its status or outcome
 * @param billableRequests those the default rule bills (forwarded or cache hit, 2xx or 3xx)
 * @param errors4xx        requests answered 4xx (including the gateway's own denials)
 * @param errors5xx        requests answered 5xx
 * @param avgLatencyMs     mean gateway latency, to 0.1 ms; null when there were no requests
 * @param p50LatencyMs     median gateway latency in whole ms (an observed value, {@code percentile_disc}) from the raw
 *                         ledger events; null when there were no requests or percentiles were not asked for
 * @param p95LatencyMs     95th percentile, likewise
 * @param p99LatencyMs     99th percentile, likewise
 */
public record UsagePoint(Instant bucketStart, long requests, long billableRequests, long errors4xx, long errors5xx,
                         Double avgLatencyMs, Integer p50LatencyMs, Integer p95LatencyMs, Integer p99LatencyMs) {

    static UsagePoint empty(Instant bucketStart) {
        return new UsagePoint(bucketStart, 0, 0, 0, 0, null, null, null, null);
    }

    UsagePoint withPercentiles(Integer p50, Integer p95, Integer p99) {
        return new UsagePoint(bucketStart, requests, billableRequests, errors4xx, errors5xx, avgLatencyMs, p50, p95, p99);
    }
}
