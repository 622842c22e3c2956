package io.gatehouse.billing.invoicing;

import io.gatehouse.billing.planfeed.PlanCatalog;
import io.gatehouse.billing.planfeed.PlanCatalog.PricedPlan;
import io.gatehouse.billing.pricing.OverageModel;
import io.gatehouse.billing.pricing.PriceModel;
import io.gatehouse.billing.pricing.PriceTier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a period close bills, decided without a database ({@link InvoiceDrafts}). */
class InvoiceDraftsTest {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID OTHER_ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    private static final UUID API = UUID.fromString("00000000-0000-0000-0000-0000000000b1");

    /** €9.90 a month, 1,000 requests included, then €0.50 per 100 (graduated). */
    private static PricedPlan plan(UUID id, String currency, String flatFee) {
        PriceModel model = new PriceModel(Currency.getInstance(currency), new BigDecimal(flatFee), 1_000,
                OverageModel.TIERED, List.of(new PriceTier(null, new BigDecimal("0.50"), 100)));
        return new PricedPlan(id, API, "Plan " + currency, model, Set.of(2, 3), ZoneId.of("UTC"));
    }

    private static PlanCatalog.Subscription subscription(UUID id, UUID org, UUID plan, String activated, String ended) {
        return new PlanCatalog.Subscription(id, UUID.randomUUID(), org, plan, API, ended == null ? "active" : "cancelled",
                Instant.parse(activated), ended == null ? null : Instant.parse(ended));
    }

    private static PlanCatalog catalog(List<PricedPlan> plans, List<PlanCatalog.Subscription> subscriptions) {
        return new PlanCatalog(Instant.parse("2026-12-01T00:00:00Z"),
                plans.stream().collect(java.util.stream.Collectors.toMap(PricedPlan::id, p -> p)), Map.of(), subscriptions);
    }

    private static InvoiceDrafts.Key key(UUID subscription, UUID plan, YearMonth month) {
        return new InvoiceDrafts.Key(subscription, plan, month.toString());
    }

    @Test
    void an_active_subscription_without_usage_owes_its_flat_fee_and_nothing_else() {
        UUID planId = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        PlanCatalog catalog = catalog(List.of(plan(planId, "EUR", "9.90")),
                List.of(subscription(sub, ORG, planId, "2026-10-03T10:00:00Z", null)));

        List<InvoiceDrafts.Draft> drafts = InvoiceDrafts.draft(ORG, NOVEMBER, catalog,
                new InvoiceDrafts.PeriodUsage(Map.of(), Map.of(), Map.of()));

        assertEquals(1, drafts.size());
        InvoiceDrafts.Draft eur = drafts.get(0);
        assertEquals("EUR", eur.currency());
        assertEquals(List.of("flat_fee", "included"), eur.lines().stream().map(Invoice.Line::kind).toList());
        assertEquals(new BigDecimal("9.9000"), eur.lines().get(0).amount());
        assertEquals(0, eur.lines().get(1).quantity());
        assertEquals(List.of(new InvoiceDrafts.Usage(key(sub, planId, NOVEMBER), 0)), eur.usage());
    }

    @Test
    void a_plan_change_prorates_both_flat_fees_by_time_while_a_cancellation_mid_month_does_not() {
        UUID starter = UUID.fromString("00000000-0000-0000-0000-000000000d01");
        UUID pro = UUID.fromString("00000000-0000-0000-0000-000000000d02");
        UUID changed = UUID.fromString("00000000-0000-0000-0000-000000000c01");
        UUID cancelled = UUID.fromString("00000000-0000-0000-0000-000000000c02");
        Instant at = Instant.parse("2026-11-08T12:00:00Z");
        PlanCatalog.Subscription moved = new PlanCatalog.Subscription(changed, UUID.randomUUID(), ORG, pro, API, "active",
                Instant.parse("2026-10-03T10:00:00Z"), null,
                List.of(new PlanCatalog.PlanTerm(starter, null, at), new PlanCatalog.PlanTerm(pro, at, null)));
        PlanCatalog catalog = catalog(List.of(plan(starter, "EUR", "9.90"), plan(pro, "EUR", "30.00")),
                List.of(moved, subscription(cancelled, ORG, starter, "2026-10-01T00:00:00Z", "2026-11-02T00:00:00Z")));

        List<InvoiceDrafts.Draft> drafts = InvoiceDrafts.draft(ORG, NOVEMBER, catalog,
                new InvoiceDrafts.PeriodUsage(Map.of(), Map.of(), Map.of()));

        List<Invoice.Line> fees = drafts.get(0).lines().stream().filter(l -> l.kind().equals("flat_fee")).toList();
        assertEquals(3, fees.size(), fees.toString());
        // 7.5 of 30 days: 9.90 × 0.25 = 2.4750; 22.5 of 30 days: 30.00 × 0.75 = 22.5000; the cancelled one in full.
        assertEquals(new BigDecimal("2.4750"), fees.get(0).amount());
        assertEquals(starter, fees.get(0).planId());
        assertEquals(new BigDecimal("22.5000"), fees.get(1).amount());
        assertEquals(pro, fees.get(1).planId());
        assertEquals(new BigDecimal("9.9000"), fees.get(2).amount());
        assertTrue(fees.get(0).description().contains("in force 7 d 12 h 0 min of 30 d"), fees.get(0).description());
    }

    @Test
    void usage_of_a_subscription_that_ended_before_the_month_is_billed_without_the_flat_fee() {
        UUID planId = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        PlanCatalog catalog = catalog(List.of(plan(planId, "EUR", "9.90")),
                List.of(subscription(sub, ORG, planId, "2026-09-01T00:00:00Z", "2026-10-20T00:00:00Z")));

        List<InvoiceDrafts.Draft> drafts = InvoiceDrafts.draft(ORG, NOVEMBER, catalog, new InvoiceDrafts.PeriodUsage(
                Map.of(key(sub, planId, NOVEMBER), 1_500L), Map.of(), Map.of()));

        List<Invoice.Line> lines = drafts.get(0).lines();
        assertEquals(List.of("included", "tier"), lines.stream().map(Invoice.Line::kind).toList());
        assertEquals(1_000, lines.get(0).quantity());
        assertEquals(500, lines.get(1).quantity());
        assertEquals(new BigDecimal("2.5000"), lines.get(1).amount(), "500 requests at €0.50 per 100");
    }

    @Test
    void late_usage_is_billed_as_the_difference_it_makes_across_the_included_requests_and_the_tiers() {
        UUID planId = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        YearMonth october = NOVEMBER.minusMonths(1);
        PlanCatalog catalog = catalog(List.of(plan(planId, "EUR", "9.90")),
                List.of(subscription(sub, ORG, planId, "2026-10-03T10:00:00Z", "2026-10-31T00:00:00Z")));
        InvoiceDrafts.Key lateKey = key(sub, planId, october);

        List<InvoiceDrafts.Draft> drafts = InvoiceDrafts.draft(ORG, NOVEMBER, catalog, new InvoiceDrafts.PeriodUsage(
                Map.of(), Map.of(lateKey, 300L), Map.of(lateKey, 900L)));

        List<Invoice.Line> lines = drafts.get(0).lines();
        assertTrue(lines.stream().allMatch(l -> "adjustment".equals(l.kind()) && "2026-10".equals(l.adjustmentForPeriod())),
                lines.toString());
        assertEquals(List.of(100L, 200L), lines.stream().map(Invoice.Line::quantity).toList(),
                "100 more of the 1,000 included, then 200 in the first tier");
        assertEquals(new BigDecimal("0.0000"), lines.get(0).amount());
        assertEquals(new BigDecimal("1.0000"), lines.get(1).amount());
        assertEquals(List.of(new InvoiceDrafts.Usage(lateKey, 300)), drafts.get(0).usage());
    }

    @Test
    void each_currency_gets_its_own_draft_and_another_organizations_subscriptions_are_not_billed() {
        UUID eurPlan = UUID.randomUUID();
        UUID usdPlan = UUID.randomUUID();
        PlanCatalog catalog = catalog(List.of(plan(eurPlan, "EUR", "9.90"), plan(usdPlan, "USD", "12.00")), List.of(
                subscription(UUID.randomUUID(), ORG, usdPlan, "2026-11-15T00:00:00Z", null),
                subscription(UUID.randomUUID(), ORG, eurPlan, "2026-11-30T23:59:59Z", null),
                subscription(UUID.randomUUID(), OTHER_ORG, eurPlan, "2026-11-01T00:00:00Z", null)));

        List<InvoiceDrafts.Draft> drafts = InvoiceDrafts.draft(ORG, NOVEMBER, catalog,
                new InvoiceDrafts.PeriodUsage(Map.of(), Map.of(), Map.of()));

        assertEquals(List.of("EUR", "USD"), drafts.stream().map(InvoiceDrafts.Draft::currency).toList());
        assertEquals(new BigDecimal("12.0000"), drafts.get(1).lines().get(0).amount());
        assertEquals(1, drafts.get(0).usage().size(), "one EUR subscription of this organization");
    }

    @Test
    void a_subscription_activated_after_the_month_owes_nothing_for_it() {
        UUID planId = UUID.randomUUID();
        PlanCatalog catalog = catalog(List.of(plan(planId, "EUR", "9.90")),
                List.of(subscription(UUID.randomUUID(), ORG, planId, "2026-12-01T00:00:00Z", null)));

        assertEquals(List.of(), InvoiceDrafts.draft(ORG, NOVEMBER, catalog,
                new InvoiceDrafts.PeriodUsage(Map.of(), Map.of(), Map.of())));
    }
}
