package io.gatehouse.portal.plans;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan's price and limits as a partner reads them before choosing: "€9.90 / month, includes 10,000 requests,
 * then €0.50 per 1,000 requests up to 100,000, then €0.30 per 1,000 requests beyond" and "100 requests per
 * minute, 100,000 per month". Request counts are per month and counted from the month's first request, so a
 * tier's bound (which management gives in overage requests) is said as a total with the included ones.
 * Amounts stay {@link BigDecimal} from management's decimal strings to the page; nothing here computes a charge
 * (billing's pricing code does that).
 */
public final class PlanInWords {

    private static final Map<String, String> SYMBOLS = Map.of("EUR", "€", "USD", "$", "GBP", "£", "JPY", "¥");
    private static final List<String> UNITS = List.of("second", "minute", "hour", "day", "month");

    private PlanInWords() {
    }

    /** The price in one line; "Free" when there is neither a fee nor a charge per request; null when unknown. */
    public static String price(PlanOffer.Price p) {
        if (p == null) {
            return null;
        }
        String currency = p.currency() == null || p.currency().isBlank() ? "EUR" : p.currency().trim();
        String period = p.period() == null || p.period().isBlank() ? "month" : p.period().trim();
        boolean fee = decimal(p.flatFee()).signum() > 0;
        boolean perRequest = charged(p);
        if (!fee && !perRequest) {
            return "Free";
        }
        List<String> parts = new ArrayList<>();
        parts.add(fee ? money(currency, decimal(p.flatFee())) + " / " + period
                : "month".equals(period) ? "No monthly fee" : "No fee per " + period);
        long included = p.includedRequests();
        if (included > 0) {
            parts.add("includes " + count(included) + (included == 1 ? " request" : " requests"));
        }
        if (!perRequest) {
            parts.add(included > 0 ? "no charge beyond" : "no charge per request");
        } else if ("volume".equals(p.overageModel())) {
            parts.add(volume(currency, included, p.tiers()));
        } else {
            parts.addAll(tiered(currency, included, p.tiers()));
        }
        return String.join(", ", parts);
    }

    /** "100 requests per minute, 100,000 per month": rates first, shortest window first; "No rate limit or quota". */
    public static String limits(List<PlanOffer.Limit> limits) {
        if (limits == null || limits.isEmpty()) {
            return "No rate limit or quota";
        }
        List<PlanOffer.Limit> ordered = limits.stream()
                .sorted(Comparator.comparing((PlanOffer.Limit l) -> "rate".equals(l.kind()) ? 0 : 1)
                        .thenComparing(l -> unitOrder(l.timeUnit())))
                .toList();
        List<String> parts = new ArrayList<>();
        for (PlanOffer.Limit l : ordered) {
            String n = count(l.maxRequests());
            parts.add(parts.isEmpty() ? n + (l.maxRequests() == 1 ? " request" : " requests") + " per " + l.timeUnit()
                    : n + " per " + l.timeUnit());
        }
        return String.join(", ", parts);
    }

    /** "Only 2xx and 3xx responses count toward the price.", or null when requests are not charged. */
    public static String counted(PlanOffer.Price p) {
        if (p == null || !charged(p) || p.billableStatusClasses().isEmpty()) {
            return null;
        }
        List<String> classes = p.billableStatusClasses();
        String listed = classes.size() == 1 ? classes.get(0)
                : String.join(", ", classes.subList(0, classes.size() - 1)) + " and " + classes.get(classes.size() - 1);
        return "Only " + listed + " responses count toward the price.";
    }

    /** Tiered: each overage request at the price of the tier it falls in. */
    private static List<String> tiered(String currency, long included, List<PlanOffer.Tier> tiers) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            PlanOffer.Tier t = tiers.get(i);
            String then = i > 0 || included > 0 ? "then " : "";
            String bound = t.upTo() != null ? " up to " + count(included + t.upTo()) : i > 0 ? " beyond" : "";
            parts.add(then + rate(currency, t) + bound);
        }
        PlanOffer.Tier last = tiers.get(tiers.size() - 1);
        if (last.upTo() != null) {
            parts.add("no charge beyond " + count(included + last.upTo()));
        }
        return parts;
    }

    /** Volume: every overage request at the price of the tier the month's total reaches. */
    private static String volume(String currency, long included, List<PlanOffer.Tier> tiers) {
        StringBuilder s = new StringBuilder(included > 0 ? "then every request beyond them at one price" : "every request at one price");
        s.append(" set by the month's total: ");
        for (int i = 0; i < tiers.size(); i++) {
            PlanOffer.Tier t = tiers.get(i);
            if (i > 0) {
                s.append("; ");
            }
            s.append(rate(currency, t));
            if (t.upTo() != null) {
                s.append(" up to ").append(count(included + t.upTo()));
            } else if (i > 0) {
                s.append(" beyond");
            }
        }
        return s.toString();
    }

    private static boolean charged(PlanOffer.Price p) {
        return p.tiers().stream().anyMatch(t -> decimal(t.unitPrice()).signum() > 0);
    }

    private static String rate(String currency, PlanOffer.Tier t) {
        return money(currency, decimal(t.unitPrice()))
                + (t.perUnits() <= 1 ? " per request" : " per " + count(t.perUnits()) + " requests");
    }

    /** "€9.90", "€0.0025", "¥1,200", "CHF 12.50": exact, at least the currency's minor units, grouped. */
    public static String money(String currency, BigDecimal amount) {
        int minor;
        try {
            minor = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            minor = 2;
        }
        BigDecimal exact = amount.stripTrailingZeros();
        exact = exact.setScale(Math.max(minor, exact.scale()));
        DecimalFormat f = (DecimalFormat) NumberFormat.getNumberInstance(Locale.ENGLISH);
        f.setMinimumFractionDigits(exact.scale());
        f.setMaximumFractionDigits(exact.scale());
        f.setRoundingMode(RoundingMode.UNNECESSARY);
        String symbol = SYMBOLS.get(currency);
        return symbol != null ? symbol + f.format(exact) : currency + " " + f.format(exact);
    }

    private static BigDecimal decimal(String amount) {
        return amount == null || amount.isBlank() ? BigDecimal.ZERO : new BigDecimal(amount.trim());
    }

    private static String count(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    private static int unitOrder(String unit) {
        int i = UNITS.indexOf(unit);
        return i < 0 ? UNITS.size() : i;
    }
}
