package io.gatehouse.management.plans;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A plan as the admin API and the console show it.
 *
 * @param apiId the product's API when the product grants exactly one API, else null
 */
public record PlanView(UUID id, UUID productId, UUID apiId, String name, String description, PlanStatus status,
                       Visibility visibility, boolean approvalRequired, int planVersion,
                       LimitKey limitKey, LimitMode limitMode, DegradedMode degradedMode, String timeZone,
                       List<LimitView> limits, Pricing pricing, Instant createdAt, Instant updatedAt) {

    public record LimitView(LimitKind kind, long maxRequests, TimeUnit timeUnit) {
    }

    public record TierView(int tierIndex, Long upTo, BigDecimal unitPrice, int perUnits) {
    }

    public record Pricing(String currency, BigDecimal flatFee, long includedRequests, OverageModel overageModel,
                          List<String> billableStatusClasses, List<TierView> tiers) {
    }

    public static PlanView of(Plan p) {
        return new PlanView(p.id, p.product.id, p.api == null ? null : p.api.id, p.name, p.description, p.status, p.visibility, p.approvalRequired,
                p.planVersion, p.limitKey, p.limitMode, p.degradedMode, p.timeZone,
                p.limits.stream().map(l -> new LimitView(l.kind, l.maxRequests, l.timeUnit)).toList(),
                new Pricing(p.currency, p.flatFee, p.includedRequests, p.overageModel,
                        List.of(p.billableStatusClasses.split(",")),
                        p.priceTiers.stream().map(t -> new TierView(t.tierIndex, t.upTo, t.unitPrice, t.perUnits)).toList()),
                p.createdAt, p.updatedAt);
    }
}
