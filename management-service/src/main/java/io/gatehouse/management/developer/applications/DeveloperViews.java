package io.gatehouse.management.developer.applications;

import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.keys.KeyView;
import io.gatehouse.management.plans.LimitKind;
import io.gatehouse.management.plans.OverageModel;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanLimit;
import io.gatehouse.management.plans.TimeUnit;
import io.gatehouse.management.subscriptions.PlanChange;
import io.gatehouse.management.subscriptions.Subscription;
import io.gatehouse.management.subscriptions.SubscriptionStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** What the developer API's application routes answer. */
public final class DeveloperViews {

    private DeveloperViews() {
    }

    /**
     * A plan a partner may subscribe to, with its limits as the gateway enforces them and its price as billing charges it.
     * {@code apiId}, {@code apiName} and {@code apiVersion} name the product's API when the product grants exactly one,
     * else they are null: the product's page lists its APIs.
     */
    public record PlanOffer(UUID id, UUID productId, String productName, UUID apiId, String apiName, String apiVersion,
                            String name, String description,
                            boolean approvalRequired, String countedPer, String timeZone, List<LimitOffer> limits,
                            PriceOffer price) {

        static PlanOffer of(Plan p, Instant now) {
            return new PlanOffer(p.id, p.product.id, p.product.name, p.api == null ? null : p.api.id,
                    p.api == null ? null : p.api.name, p.api == null ? null : p.api.version, p.name, p.description, p.approvalRequired,
                    p.limitKey.code(), zone(p).getId(), DeveloperViews.limits(p, now), PriceOffer.of(p));
        }
    }

    /**
     * What a plan costs per billing period (a calendar month in the plan's time zone): the flat fee, the
     * requests it includes, then the overage tiers. Amounts are exact decimal strings in {@code currency}
     * (e.g. {@code "9.90"}, never a floating-point number), with the currency's minor units at least.
     *
     * @param period                 always {@code month}
     * @param overageModel           {@code tiered}: each overage request at its tier's price; {@code volume}: all
     *                               of them at the price of the tier the period's total reaches
     * @param tiers                  in order; empty when requests beyond the included ones are not charged
     * @param billableStatusClasses  the response classes that count, e.g. {@code ["2xx", "3xx"]}
     */
    public record PriceOffer(String currency, String flatFee, long includedRequests, String period, String overageModel,
                             List<PriceTierOffer> tiers, List<String> billableStatusClasses) {

        static PriceOffer of(Plan p) {
            String currency = p.currency == null || p.currency.isBlank() ? "EUR" : p.currency.trim();
            return new PriceOffer(currency, amount(currency, p.flatFee == null ? BigDecimal.ZERO : p.flatFee),
                    p.includedRequests, "month", p.overageModel == null ? OverageModel.TIERED.code() : p.overageModel.code(),
                    p.priceTiers.stream().map(t -> new PriceTierOffer(t.upTo, amount(currency, t.unitPrice), t.perUnits)).toList(),
                    p.billableStatusClasses == null ? List.of()
                            : Arrays.stream(p.billableStatusClasses.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList());
        }
    }

    /**
     * One overage tier: {@code unitPrice} per {@code perUnits} requests.
     *
     * @param upTo inclusive upper bound counted in overage requests (those beyond the included ones), as on the
     *             admin API; null for the open-ended last tier
     */
    public record PriceTierOffer(Long upTo, String unitPrice, int perUnits) {
    }

    /**
     * One limit. Rates count in fixed windows of one {@code timeUnit}; quotas count per calendar
     * day or month in the plan's time zone, and {@code nextResetAt} says when the current one ends.
     */
    public record LimitOffer(LimitKind kind, long maxRequests, TimeUnit timeUnit, String resets, Instant nextResetAt) {
    }

    /**
     * One of an application's subscriptions.
     *
     * @param planId          the plan in force
     * @param pendingPlanId   the plan a change waiting for approval would move it to (the old plan stays in force
     *                        until then); null, with {@code pendingPlanName} and {@code pendingSince}, when none waits
     * @param endedAt         when it was cancelled or rejected; null while live
     * @param apiId           the first API its product grants ({@code subscriptions.api_id}); with {@code apiName} and
     *                        {@code apiVersion} the whole grant only when {@code singleApi}
     * @param productId       the product of the plan in force, whose APIs the subscription may call
     * @param singleApi       true when that product grants exactly one API (whole or in part); false for a product of
     *                        several APIs, which partners should see by {@code productName}
     */
    public record SubscriptionSummary(UUID id, UUID planId, String planName, UUID apiId, String apiName,
                                      String apiVersion, SubscriptionStatus status, Instant requestedAt,
                                      Instant activatedAt, List<LimitOffer> limits, UUID pendingPlanId,
                                      String pendingPlanName, Instant pendingSince, Instant endedAt,
                                      UUID productId, String productName, boolean singleApi) {
        static SubscriptionSummary of(Subscription s, Instant now) {
            var pending = PlanChange.pendingOf(s);
            return new SubscriptionSummary(s.id, s.plan.id, s.plan.name, s.api.id, s.api.name, s.api.version,
                    s.status, s.requestedAt, s.activatedAt, DeveloperViews.limits(s.plan, now),
                    pending.map(c -> c.toPlan.id).orElse(null), pending.map(c -> c.toPlan.name).orElse(null),
                    pending.map(c -> c.requestedAt).orElse(null), s.endedAt,
                    s.plan.product.id, s.plan.product.name, s.plan.api != null);
        }
    }

    public record ApplicationDetail(ApplicationView application, List<SubscriptionSummary> subscriptions,
                                    List<KeyView> keys) {
    }

    /** A rotation: the new key (shown once) and the old key, which works until its {@code expiresAt}. */
    public record RotatedKey(String key, KeyView details, KeyView previous) {
        @Override
        public String toString() {
            return "RotatedKey[" + details + "]";
        }
    }

    static List<LimitOffer> limits(Plan p, Instant now) {
        ZoneId zone = zone(p);
        return p.limits.stream().map(l -> limit(l, zone, now)).toList();
    }

    private static LimitOffer limit(PlanLimit l, ZoneId zone, Instant now) {
        if (l.kind == LimitKind.QUOTA && (l.timeUnit == TimeUnit.DAY || l.timeUnit == TimeUnit.MONTH)) {
            var local = now.atZone(zone);
            Instant next = l.timeUnit == TimeUnit.DAY
                    ? LocalDate.from(local).plusDays(1).atStartOfDay(zone).toInstant()
                    : YearMonth.from(local).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            String when = l.timeUnit == TimeUnit.DAY ? "every day at 00:00 " : "on the 1st of each month at 00:00 ";
            return new LimitOffer(l.kind, l.maxRequests, l.timeUnit, when + zone.getId(), next);
        }
        return new LimitOffer(l.kind, l.maxRequests, l.timeUnit, "every " + l.timeUnit.code(), null);
    }

    /** "9.90" for 9.9000 EUR, "0.0025" for 0.002500, "10" for 10 JPY: exact, at least the currency's minor units. */
    static String amount(String currency, BigDecimal value) {
        int minor;
        try {
            minor = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            minor = 2;
        }
        BigDecimal exact = value.stripTrailingZeros();
        return exact.setScale(Math.max(minor, exact.scale())).toPlainString();
    }

    private static ZoneId zone(Plan p) {
        return p.timeZone == null || p.timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(p.timeZone.trim());
    }
}
