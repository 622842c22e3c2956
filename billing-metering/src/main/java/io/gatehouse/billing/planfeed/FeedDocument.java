package io.gatehouse.billing.planfeed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The billing feed as management sends it (version 1); checked and turned into a {@link PlanCatalog}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeedDocument(int version, Instant generatedAt, List<Plan> plans, List<Subscription> subscriptions) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plan(UUID id, UUID apiId, String name, String currency, BigDecimal flatFee, long includedRequests,
                       String overageModel, List<String> billableStatusClasses, String timeZone, List<Tier> tiers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tier(Long upTo, BigDecimal unitPrice, int perUnits) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subscription(UUID subscriptionId, UUID applicationId, UUID organizationId, UUID planId, UUID apiId,
                               String status, Instant activatedAt, Instant endedAt, List<PlanTerm> planTerms) {
    }

    /** A plan in force on a subscription during [{@code from}, {@code until}); a null bound is the subscription's own. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlanTerm(UUID planId, Instant from, Instant until) {
    }
}
