package io.gatehouse.billing.invoicing;

import io.gatehouse.billing.planfeed.PlanCatalog;
import io.gatehouse.billing.planfeed.PlanCatalog.PricedPlan;
import io.gatehouse.billing.pricing.InvoiceLine;
import io.gatehouse.billing.pricing.PriceCalculator;
import io.gatehouse.billing.pricing.PriceModel;
import io.gatehouse.billing.pricing.PricedUsage;
import io.gatehouse.billing.pricing.Proration;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The pure step of closing a period: from the usage a close read ({@link PeriodUsage}) and the plans, the invoices
 * owed, one {@link Draft} per currency. No database and no clock: {@link PeriodCloser} reads the ledger, calls
 * {@link #draft} and writes what it returns, so the rules of what is billed can be tested on their own.
 *
 * <ul>
 *   <li>A subscription active at some moment of the month (in its plan's zone) owes the plan's flat fee, with or
 *       without usage; usage of a subscription that was not active that month is priced without it.</li>
 *   <li>When the subscription's plan changed during the month, each plan it was on owes its flat fee prorated by the
 *       time it was in force ({@link PlanCatalog.Subscription#flatFeeShare}); calls are priced under the plan they were
 *       made on (usage is keyed by plan), each plan with its own included requests and tiers.</li>
 *   <li>Late usage of an earlier month is billed as {@code price(billed before + late) − price(billed before)}, line
 *       by line and without the flat fee, so included requests and tiers stay right.</li>
 * </ul>
 */
final class InvoiceDrafts {

    private InvoiceDrafts() {
    }

    /** One subscription's usage under one plan in one month ({@code usagePeriod}, e.g. {@code 2026-11}). */
    record Key(UUID subscription, UUID plan, String usagePeriod) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int p = usagePeriod.compareTo(o.usagePeriod);
            if (p != 0) {
                return p;
            }
            int s = subscription.compareTo(o.subscription);
            return s != 0 ? s : plan.compareTo(o.plan);
        }
    }

    /**
     * What a close read from the ledger, in billable requests: the period's own ({@code regular}, keyed by this
     * period), late ones of earlier months ({@code late}), and what earlier invoices billed for each late key
     * ({@code billedBefore}; a key missing there counts as 0).
     */
    record PeriodUsage(Map<Key, Long> regular, Map<Key, Long> late, Map<Key, Long> billedBefore) {
    }

    /** Billable requests an invoice accounts for. */
    record Usage(Key key, long billable) {
    }

    /** One currency's invoice to be: its lines in order and the usage it bills. */
    record Draft(String currency, List<Invoice.Line> lines, List<Usage> usage) {
    }

    /**
     * The invoices {@code org} owes for {@code period}, in currency-code order; a currency with nothing to bill
     * (no line) has no draft.
     */
    static List<Draft> draft(UUID org, YearMonth period, PlanCatalog catalog, PeriodUsage usage) {
        Map<Key, Proration> active = new TreeMap<>();
        for (PlanCatalog.Subscription sub : catalog.subscriptionsOf(org)) {
            for (UUID planId : sub.planIds()) {
                PricedPlan plan = catalog.plans().get(planId);
                if (plan != null) {
                    sub.flatFeeShare(planId, plan.start(period), plan.end(period))
                            .ifPresent(share -> active.put(new Key(sub.id(), planId, period.toString()), share));
                }
            }
        }
        Map<String, Draft> drafts = new TreeMap<>();
        Set<Key> keys = new TreeSet<>(usage.regular().keySet());
        keys.addAll(active.keySet());
        for (Key key : keys) {
            PricedPlan plan = catalog.plans().get(key.plan());
            long billable = usage.regular().getOrDefault(key, 0L);
            Proration share = active.get(key);
            PriceModel model = share == null ? withoutFlatFee(plan.model())
                    : share.full() ? plan.model() : withFlatFee(plan.model(), share.of(plan.model().flatFee()));
            PricedUsage priced = PriceCalculator.price(model, billable);
            Draft d = drafts.computeIfAbsent(plan.model().currency().getCurrencyCode(), InvoiceDrafts::empty);
            for (InvoiceLine l : priced.lines()) {
                String what = l.kind() == InvoiceLine.Kind.FLAT_FEE && !share.full()
                        ? "Flat fee " + plan.model().flatFee().toPlainString() + " prorated, " + share.describe()
                        : l.description();
                d.lines().add(new Invoice.Line(0, l.kind().id(), key.subscription(), plan.id(), plan.apiId(),
                        l.tierIndex(), null, plan.name() + ": " + what, l.quantity(), l.unitPrice(),
                        l.perUnits(), l.amount()));
            }
            d.usage().add(new Usage(key, billable));
        }
        for (Map.Entry<Key, Long> e : usage.late().entrySet()) {
            Key key = e.getKey();
            PricedPlan plan = catalog.plans().get(key.plan());
            long billed = usage.billedBefore().getOrDefault(key, 0L);
            PriceModel model = withoutFlatFee(plan.model());
            Draft d = drafts.computeIfAbsent(plan.model().currency().getCurrencyCode(), InvoiceDrafts::empty);
            d.lines().addAll(adjustment(key, plan, PriceCalculator.price(model, billed),
                    PriceCalculator.price(model, billed + e.getValue()), e.getValue()));
            d.usage().add(new Usage(key, e.getValue()));
        }
        return drafts.values().stream().filter(d -> !d.lines().isEmpty()).toList();
    }

    private static Draft empty(String currency) {
        return new Draft(currency, new ArrayList<>(), new ArrayList<>());
    }

    private static List<Invoice.Line> adjustment(Key key, PricedPlan plan, PricedUsage before, PricedUsage after,
                                                 long late) {
        Map<String, InvoiceLine> was = new LinkedHashMap<>();
        before.lines().forEach(l -> was.put(l.kind().id() + ":" + l.tierIndex(), l));
        Map<String, InvoiceLine> is = new LinkedHashMap<>();
        after.lines().forEach(l -> is.put(l.kind().id() + ":" + l.tierIndex(), l));
        Set<String> parts = new LinkedHashSet<>(was.keySet());
        parts.addAll(is.keySet());
        List<Invoice.Line> lines = new ArrayList<>();
        for (String part : parts) {
            InvoiceLine b = was.get(part);
            InvoiceLine a = is.get(part);
            InvoiceLine shape = a != null ? a : b;
            long quantity = (a == null ? 0 : a.quantity()) - (b == null ? 0 : b.quantity());
            BigDecimal amount = (a == null ? BigDecimal.ZERO : a.amount()).subtract(b == null ? BigDecimal.ZERO : b.amount())
                    .setScale(PriceCalculator.LINE_SCALE, RoundingMode.UNNECESSARY);
            if (quantity == 0 && amount.signum() == 0) {
                continue;
            }
            String what = shape.kind() == InvoiceLine.Kind.INCLUDED ? "included requests"
                    : "overage tier " + (shape.tierIndex() + 1) + " at " + shape.unitPrice().toPlainString() + " per "
                    + shape.perUnits();
            lines.add(new Invoice.Line(0, "adjustment", key.subscription(), plan.id(), plan.apiId(), shape.tierIndex(),
                    key.usagePeriod(), plan.name() + ": late usage of " + key.usagePeriod() + " (" + late
                    + " billable requests recorded after it closed), " + what, quantity, shape.unitPrice(),
                    shape.perUnits(), amount));
        }
        return lines;
    }

    private static PriceModel withoutFlatFee(PriceModel m) {
        return withFlatFee(m, BigDecimal.ZERO);
    }

    private static PriceModel withFlatFee(PriceModel m, BigDecimal fee) {
        return new PriceModel(m.currency(), fee, m.includedRequests(), m.overageModel(), m.tiers());
    }
}
