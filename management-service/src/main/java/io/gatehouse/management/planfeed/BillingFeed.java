package io.gatehouse.management.planfeed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What billing-metering needs from the catalog to close a period: every plan's price model, and
 * every subscription with the organization it bills to. Version 1 of the contract
 * {@code GET /internal/v1/billing/plans} (see {@code docs/billing-feed.md}).
 *
 * @param generatedAt when management read it (one transaction, so plans and subscriptions agree)
 */
public record BillingFeed(int version, Instant generatedAt, List<PlanPrice> plans, List<SubscriptionRef> subscriptions) {

    /**
     * One plan's price model.
     *
     * @param productId             the plan's product (what a subscription to it grants)
     * @param apiId                 the product's API when it grants exactly one, else null
     * @param billableStatusClasses e.g. {@code ["2xx","3xx"]}: the status classes billed (with outcome forwarded or cache-hit)
     * @param timeZone              IANA id; the plan's billing period is a calendar month there
     */
    public record PlanPrice(UUID id, UUID productId, UUID apiId, String name, String currency, BigDecimal flatFee,
                            long includedRequests, String overageModel, List<String> billableStatusClasses,
                            String timeZone, List<Tier> tiers) {
    }

    /** An overage tier, in tier order: {@code unitPrice} per {@code perUnits}; {@code upTo} null for the last. */
    @Schema(name = "BillingFeedTier")
    public record Tier(Long upTo, BigDecimal unitPrice, int perUnits) {
    }

    /**
     * A subscription and who pays for it; {@code activatedAt} null when it was never active.
     *
     * @param planId    the plan in force now
     * @param planTerms which plan was in force when, oldest first: one term (the current plan, {@code from} and
     *                  {@code until} null) unless its plan changed; a term's {@code from}/{@code until} is the instant
     *                  of a plan change, null where the subscription's own start/end bounds it
     */
    public record SubscriptionRef(UUID subscriptionId, UUID applicationId, UUID organizationId, UUID planId,
                                  UUID apiId, String status, Instant activatedAt, Instant endedAt,
                                  List<PlanTerm> planTerms) {
    }

    /** A plan in force on a subscription during [{@code from}, {@code until}); null bounds as on {@link SubscriptionRef}. */
    public record PlanTerm(UUID planId, Instant from, Instant until) {
    }
}
