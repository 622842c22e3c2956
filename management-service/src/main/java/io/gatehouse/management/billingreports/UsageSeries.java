package io.gatehouse.management.billingreports;

import java.time.Instant;
import java.util.List;

/** billing's {@code GET /billing/v1/usage/timeseries}: every bucket of {@code [from, to)}, in time order. */
public record UsageSeries(String granularity, Instant from, Instant to, List<UsagePoint> points) {

    public long totalRequests() {
        return points.stream().mapToLong(UsagePoint::requests).sum();
    }

    public long totalErrors4xx() {
        return points.stream().mapToLong(UsagePoint::errors4xx).sum();
    }

    public long totalErrors5xx() {
        return points.stream().mapToLong(UsagePoint::errors5xx).sum();
    }
}
