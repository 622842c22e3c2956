package io.gatehouse.billing.invoicing;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.gatehouse.billing.planfeed.PlanCatalog;
import io.gatehouse.billing.pricing.PriceCalculator;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What closing an open period would bill if it closed at {@code asOf}: an estimate, not an invoice. Computed by the
 * close's own code ({@link PeriodCloser#estimate}); money is written as exact decimal strings, as on invoices.
 *
 * @param estimate       always true: the period is open, usage and prices may still change until it closes
 * @param periodStart    the month's start in the organization's plans' zones (the earliest, when they differ)
 * @param periodEnd      the month's end (exclusive), as above
 * @param asOf           when the ledger was read
 * @param pricesAsOf     when management's plans were read
 * @param ledgerPosition the last ledger position counted
 * @param currencies     one entry per currency the organization would be invoiced in (an invoice each), in code
 *                       order; empty when nothing would be billed (no subscription and no billable usage)
 */
public record Estimate(UUID organizationId, String period, boolean estimate, Instant periodStart, Instant periodEnd,
                       Instant asOf, Instant pricesAsOf, long ledgerPosition, List<Charges> currencies) {

    /** Money as a decimal string, as on invoices. */
    static final String DECIMAL = Invoice.DECIMAL;

    /**
     * One currency's would-be invoice.
     *
     * @param subtotal the exact sum of its lines (4 decimals)
     * @param total    the subtotal rounded HALF_EVEN to the currency's minor units, as the invoice's total would be
     */
    public record Charges(String currency,
                          @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal subtotal,
                          @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal total,
                          List<SubscriptionCharges> subscriptions) {
    }

    /**
     * One subscription's part: its lines as the invoice would carry them (numbered within the currency's invoice).
     *
     * @param applicationId    null when management's feed no longer lists the subscription
     * @param billableRequests this period's billable requests (late usage of earlier months is in adjustment lines)
     * @param includedRequests the plan's included requests per month
     * @param flatFee          the plan's flat fee per month (charged when the subscription was active in the month)
     * @param subtotal         the exact sum of its lines
     */
    public record SubscriptionCharges(UUID subscriptionId, UUID applicationId, UUID planId, String planName, UUID apiId,
                                      long billableRequests, long includedRequests,
                                      @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal flatFee,
                                      @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal subtotal,
                                      List<Invoice.Line> lines) {
    }

    static Estimate of(UUID org, YearMonth period, Instant start, Instant end, Instant asOf, PlanCatalog catalog,
                       long ledgerPosition, List<InvoiceDrafts.Draft> drafts, InvoiceDrafts.PeriodUsage usage) {
        Map<UUID, UUID> applications = new LinkedHashMap<>();
        catalog.subscriptionsOf(org).forEach(s -> applications.put(s.id(), s.applicationId()));
        List<Charges> currencies = new ArrayList<>();
        for (InvoiceDrafts.Draft d : drafts) {
            List<Invoice.Line> lines = InvoiceStore.numbered(d.lines());
            BigDecimal subtotal = InvoiceStore.subtotal(lines);
            Map<String, List<Invoice.Line>> bySubscription = new LinkedHashMap<>();
            for (Invoice.Line l : lines) {
                bySubscription.computeIfAbsent(l.subscriptionId() + "/" + l.planId(), k -> new ArrayList<>()).add(l);
            }
            List<SubscriptionCharges> subscriptions = new ArrayList<>();
            for (List<Invoice.Line> group : bySubscription.values()) {
                Invoice.Line first = group.get(0);
                PlanCatalog.PricedPlan plan = catalog.plans().get(first.planId());
                long billable = usage.regular().getOrDefault(
                        new InvoiceDrafts.Key(first.subscriptionId(), first.planId(), period.toString()), 0L);
                subscriptions.add(new SubscriptionCharges(first.subscriptionId(), applications.get(first.subscriptionId()),
                        plan.id(), plan.name(), plan.apiId(), billable, plan.model().includedRequests(),
                        plan.model().flatFee(), InvoiceStore.subtotal(group), List.copyOf(group)));
            }
            currencies.add(new Charges(d.currency(), subtotal,
                    PriceCalculator.total(Currency.getInstance(d.currency()), subtotal), List.copyOf(subscriptions)));
        }
        return new Estimate(org, period.toString(), true, start, end, asOf, catalog.fetchedAt(), ledgerPosition,
                List.copyOf(currencies));
    }
}
