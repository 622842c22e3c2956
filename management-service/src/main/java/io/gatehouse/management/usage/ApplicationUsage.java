package io.gatehouse.management.usage;

import io.gatehouse.management.billingreports.UsagePoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An application's usage for the portal: billing's time series of the application (UTC buckets) and the quota
 * picture of each active subscription.
 */
public record ApplicationUsage(UUID applicationId, String applicationName, String granularity, Instant from,
                               Instant to, List<UsagePoint> points, List<SubscriptionQuota> subscriptions) {
}
