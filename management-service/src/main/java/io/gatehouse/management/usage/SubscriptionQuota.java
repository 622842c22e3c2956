package io.gatehouse.management.usage;

import java.util.List;
import java.util.UUID;

/**
 * The quota picture of one active subscription: each day or month quota of its plan in the current window.
 *
 * @param countedPer what the gateway counts the plan's limits against: {@code subscription}, {@code application}
 *                   or {@code ip} (with {@code ip} the gateway counts per client address, which the ledger's
 *                   per-application count cannot show: {@code used} is then the application's total)
 * @param quotas     empty when the plan has no day or month quota
 * @param apiId      the first API its product grants ({@code subscriptions.api_id}); with {@code apiName} the whole
 *                   grant only when {@code singleApi}
 * @param productId  the product of the plan in force
 * @param singleApi  true when that product grants exactly one API; false for a product of several APIs, which
 *                   partners should see by {@code productName}
 */
public record SubscriptionQuota(UUID subscriptionId, UUID planId, String planName, UUID apiId, String apiName,
                                String countedPer, String timeZone, List<QuotaWindow> quotas,
                                UUID productId, String productName, boolean singleApi) {
}
