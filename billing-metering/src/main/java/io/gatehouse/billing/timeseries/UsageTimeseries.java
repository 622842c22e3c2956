package io.gatehouse.billing.timeseries;

import java.time.Instant;
import java.util.List;

/**
 * Usage over time: one point per bucket from {@code from} (inclusive) to {@code to} (exclusive),
 * none missing, in time order.
 */
public record UsageTimeseries(String granularity, Instant from, Instant to, List<UsagePoint> points) {
}
