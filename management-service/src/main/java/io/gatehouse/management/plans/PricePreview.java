package io.gatehouse.management.plans;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan's price in one sentence, as a person reads it on the plan form: "€49.00 per period; 10,000 included,
 * then €0.50 per 1,000 up to 110,000, then €0.30 per 1,000 beyond." Request counts are per billing period and
 * counted from the first request, so a tier's {@code upTo} (overage requests) is shown as a total with the included
 * ones. The same text is the form's first render and what its script fetches while the admin types.
 */
public final class PricePreview {

    /** One overage tier: {@code upTo} overage requests (null: no upper bound), {@code unitPrice} per {@code perUnits}. */
    public record Tier(Long upTo, BigDecimal unitPrice, int perUnits) {
    }

    private static final Map<String, String> SYMBOLS = Map.of("EUR", "€", "USD", "$", "GBP", "£", "JPY", "¥");

    private PricePreview() {
    }

    /** The sentence of a stored plan's pricing. */
    public static String of(PlanView.Pricing p) {
        return of(p.currency(), p.flatFee(), p.includedRequests(), p.overageModel(),
                p.tiers().stream().map(t -> new Tier(t.upTo(), t.unitPrice(), t.perUnits())).toList());
    }

    public static String of(String currency, BigDecimal flatFee, long includedRequests, OverageModel model, List<Tier> tiers) {
        String cur = currency == null || currency.isBlank() ? "EUR" : currency.trim();
        List<String> parts = new ArrayList<>();
        boolean fee = flatFee != null && flatFee.signum() > 0;
        if (fee) {
            parts.add(money(cur, flatFee) + " per period");
        }
        if (tiers == null || tiers.isEmpty()) {
            if (includedRequests > 0) {
                parts.add(count(includedRequests) + " requests included; more are not charged");
            } else {
                parts.add(fee ? "requests are not charged on top" : "free: no fee and no charge per request");
            }
        } else {
            String start = includedRequests > 0 ? count(includedRequests) + " included, then " : "";
            parts.add(start + (model == OverageModel.VOLUME ? volume(cur, includedRequests, tiers)
                    : tiered(cur, includedRequests, tiers)));
        }
        String text = String.join("; ", parts);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    /** Tiered: each request at the price of the tier it falls in. */
    private static String tiered(String cur, long included, List<Tier> tiers) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < tiers.size(); i++) {
            Tier t = tiers.get(i);
            if (i > 0) {
                s.append(", then ");
            }
            s.append(rate(cur, t));
            if (t.upTo() != null) {
                s.append(" up to ").append(count(included + t.upTo()));
            } else if (i > 0) {
                s.append(" beyond");
            }
        }
        Tier last = tiers.get(tiers.size() - 1);
        if (last.upTo() != null) {
            s.append("; requests beyond are not charged");
        }
        return s.toString();
    }

    /** Volume: every overage request at the price of the tier the period's total reaches. */
    private static String volume(String cur, long included, List<Tier> tiers) {
        StringBuilder s = new StringBuilder("every request beyond is charged at one price, by the total reached: ");
        for (int i = 0; i < tiers.size(); i++) {
            Tier t = tiers.get(i);
            if (i > 0) {
                s.append(", ");
            }
            s.append(rate(cur, t));
            if (t.upTo() != null) {
                s.append(" up to ").append(count(included + t.upTo()));
            } else if (i > 0) {
                s.append(" beyond");
            }
        }
        return s.toString();
    }

    private static String rate(String cur, Tier t) {
        return money(cur, t.unitPrice()) + (t.perUnits() <= 1 ? " per request" : " per " + count(t.perUnits()));
    }

    /** €0.50, $12.00, CHF 0.0025: at least two decimals, no trailing zeros beyond them. */
    static String money(String currency, BigDecimal amount) {
        BigDecimal a = amount.stripTrailingZeros();
        a = a.setScale(Math.max(2, a.scale()));
        NumberFormat f = NumberFormat.getNumberInstance(Locale.ENGLISH);
        f.setMinimumFractionDigits(a.scale());
        f.setMaximumFractionDigits(a.scale());
        String symbol = SYMBOLS.get(currency);
        return symbol != null ? symbol + f.format(a) : currency + " " + f.format(a);
    }

    static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(n);
    }
}
