package io.gatehouse.portal.plans;

import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A plan open for subscription, as management's developer API gives it (the catalog and {@code GET
 * /developer/v1/plans} answer the same shape): its limits as the gateway enforces them and its price as
 * billing charges it. The pages show both in words ({@link PlanInWords}).
 *
 * @param productId   the product the plan belongs to: a subscription grants what the product grants
 * @param productName its name
 * @param apiId       the product's API when the product grants exactly one; null (with {@code apiName} and
 *                    {@code apiVersion}) for a product of several APIs, which pages name by {@link #grants()}
 */
@TemplateData
public record PlanOffer(UUID id, UUID productId, String productName, UUID apiId, String apiName, String apiVersion,
                        String name, String description, boolean approvalRequired, String countedPer, String timeZone,
                        List<Limit> limits, Price price) {

    public PlanOffer {
        limits = limits == null ? List.of() : List.copyOf(limits);
    }

    /** What a subscription to it may call, for people: "Payments v1" for one API, else "the product Travel bundle". */
    public String grants() {
        return Grants.of(apiName, apiVersion, productName);
    }

    /** True when the plan's product bundles several APIs, so the product's page says which. */
    public boolean ofProduct() {
        return apiId == null && productId != null;
    }

    /** "€9.90 / month, includes 10,000 requests, then €0.50 per 1,000 requests up to 100,000, …", or "Free". */
    public String priceInWords() {
        return PlanInWords.price(price);
    }

    /** "100 requests per minute, 100,000 per month", or "No rate limit or quota". */
    public String limitsInWords() {
        return PlanInWords.limits(limits);
    }

    /** Which responses count toward the included requests and the overage, or null when nothing is charged per request. */
    public String countedInWords() {
        return PlanInWords.counted(price);
    }

    /**
     * One limit: rates count in fixed windows of {@code timeUnit}, quotas per calendar day or month in the plan's zone.
     */
    @TemplateData
    public record Limit(String kind, long maxRequests, String timeUnit, String resets, Instant nextResetAt) {
    }

    /**
     * What the plan costs per {@code period} (a calendar month): amounts are exact decimal strings in
     * {@code currency} (e.g. {@code "9.90"}), read as {@link java.math.BigDecimal}, never as floating point.
     *
     * @param overageModel {@code tiered} (each overage request at its tier's price) or {@code volume} (all of them
     *                     at the price of the tier the month's total reaches)
     */
    @TemplateData
    public record Price(String currency, String flatFee, long includedRequests, String period, String overageModel,
                        List<Tier> tiers, List<String> billableStatusClasses) {

        public Price {
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
            billableStatusClasses = billableStatusClasses == null ? List.of() : List.copyOf(billableStatusClasses);
        }
    }

    /**
     * An overage tier: {@code unitPrice} per {@code perUnits} requests.
     *
     * @param upTo inclusive bound counted in overage requests (beyond the included ones); null when open-ended
     */
    @TemplateData
    public record Tier(Long upTo, String unitPrice, int perUnits) {
    }
}
