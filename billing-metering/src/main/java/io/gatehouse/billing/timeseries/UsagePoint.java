package io.gatehouse.billing.timeseries;

import java.time.Instant;

/**
 * The usage within one bucket. A bucket without traffic has zero counts and no average latency.
 *
 * @param requests         every request, whatever its status or outcome
 * @param billableRequests those the default rule bills (forwarded or cache hit, 2xx or 3xx)
 * @param errors4xx        requests answered 4xx (including the gateway's own denials)
 * @param errors5xx        requests answered 5xx
 * @param avgLatencyMs     mean gateway latency, to 0.1 ms; null when there were no requests
 */
public record UsagePoint(Instant bucketStart, long requests, long billableRequests, long errors4xx, long errors5xx,
                         Double avgLatencyMs) {

    static UsagePoint empty(Instant bucketStart) {
        return new UsagePoint(bucketStart, 0, 0, 0, 0, null);
    }
}
