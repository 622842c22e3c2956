package io.gatehouse.billing.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * Prices a period's billable requests, in exact decimal arithmetic. Rounding happens in two
 * places only, both HALF_EVEN (banker's rounding, no drift over many lines): each line's amount to
 * 4 decimals, the scale of the ledger's money columns; and the invoice total to the currency's
 * minor units. The subtotal is the exact sum of the rounded lines, so lines always add up to it.
 */
public final class PriceCalculator {

    /** Scale of every line amount and of the subtotal: {@code numeric(19,4)} in the ledger. */
    public static final int LINE_SCALE = 4;

    private PriceCalculator() {
    }

    public static PricedUsage price(PriceModel model, long billableRequests) {
        if (billableRequests < 0) {
            throw new IllegalArgumentException("billable requests cannot be negative: " + billableRequests);
        }
        List<InvoiceLine> lines = new ArrayList<>();
        if (model.flatFee().signum() > 0) {
            lines.add(new InvoiceLine(InvoiceLine.Kind.FLAT_FEE, null, "Flat fee", 1, model.flatFee(), 1,
                    model.flatFee().setScale(LINE_SCALE, RoundingMode.HALF_EVEN)));
        }
        if (model.includedRequests() > 0) {
            long used = Math.min(billableRequests, model.includedRequests());
            lines.add(new InvoiceLine(InvoiceLine.Kind.INCLUDED, null,
                    "Included requests (" + count(used) + " of " + count(model.includedRequests()) + " used)", used,
                    BigDecimal.ZERO, 1, BigDecimal.ZERO.setScale(LINE_SCALE)));
        }
        long overage = Math.max(0, billableRequests - model.includedRequests());
        if (overage > 0 && !model.tiers().isEmpty()) {
            switch (model.overageModel()) {
                case TIERED -> tiered(model, overage, lines);
                case VOLUME -> volume(model, overage, lines);
            }
        }
        BigDecimal subtotal = lines.stream().map(InvoiceLine::amount)
                .reduce(BigDecimal.ZERO.setScale(LINE_SCALE), BigDecimal::add);
        return new PricedUsage(model.currency(), billableRequests, List.copyOf(lines), subtotal,
                total(model.currency(), subtotal));
    }

    /**
     * What is owed for {@code subtotal}: rounded HALF_EVEN to the currency's minor units (EUR 2, JPY 0). The one place
     * the total is rounded: priced usage, invoices and estimates all use it.
     */
    public static BigDecimal total(Currency currency, BigDecimal subtotal) {
        return subtotal.setScale(Math.max(0, currency.getDefaultFractionDigits()), RoundingMode.HALF_EVEN);
    }

    private static void tiered(PriceModel model, long overage, List<InvoiceLine> lines) {
        long lower = 0;
        for (int i = 0; i < model.tiers().size() && overage > lower; i++) {
            PriceTier tier = model.tiers().get(i);
            long upper = tier.upTo() == null ? Long.MAX_VALUE : tier.upTo();
            long quantity = Math.min(overage, upper) - lower;
            lines.add(tierLine(i, tier, quantity, describe(i, lower, tier)));
            lower = upper;
        }
    }

    private static void volume(PriceModel model, long overage, List<InvoiceLine> lines) {
        for (int i = 0; i < model.tiers().size(); i++) {
            PriceTier tier = model.tiers().get(i);
            if (tier.upTo() == null || overage <= tier.upTo()) {
                lines.add(tierLine(i, tier, overage, "All " + count(overage) + " overage requests at tier " + (i + 1)));
                return;
            }
        }
    }

    private static InvoiceLine tierLine(int index, PriceTier tier, long quantity, String description) {
        BigDecimal amount = tier.unitPrice().multiply(BigDecimal.valueOf(quantity))
                .divide(BigDecimal.valueOf(tier.perUnits()), LINE_SCALE, RoundingMode.HALF_EVEN);
        return new InvoiceLine(InvoiceLine.Kind.TIER, index, description + " at " + unitPrice(tier.unitPrice())
                + " per " + count(tier.perUnits()), quantity, tier.unitPrice(), tier.perUnits(), amount);
    }

    private static String describe(int index, long lower, PriceTier tier) {
        String range = tier.upTo() == null ? "above " + count(lower) : count(lower + 1) + "–" + count(tier.upTo());
        return "Overage requests " + range + " (tier " + (index + 1) + ")";
    }

    /** A count in a line's words, its thousands grouped: {@code 1,000,000}. Invoices are written in English. */
    static String count(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    /**
     * A unit price in a line's words: as exact as the plan's price, without the trailing zeros of its stored scale,
     * and with at least two decimals ({@code 2.500000} is {@code 2.50}, {@code 1.333333} stays).
     */
    static String unitPrice(BigDecimal price) {
        BigDecimal plain = price.stripTrailingZeros();
        return (plain.scale() < 2 ? plain.setScale(2, RoundingMode.UNNECESSARY) : plain).toPlainString();
    }
}
