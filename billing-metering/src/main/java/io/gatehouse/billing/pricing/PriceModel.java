package io.gatehouse.billing.pricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * What a plan costs per billing period: a flat fee, a number of included billable requests, and
 * the overage beyond them priced by {@code tiers} under {@code overageModel}. Validated when made.
 *
 * @param flatFee at most 4 decimals (the ledger's scale)
 * @param tiers   ordered by strictly increasing {@code upTo}; only the last is open-ended, and it
 *                must be, so every overage has a price. Empty: overage costs nothing (a plan whose
 *                quota stops traffic at the included requests).
 */
public record PriceModel(Currency currency, BigDecimal flatFee, long includedRequests, OverageModel overageModel,
                         List<PriceTier> tiers) {

    public PriceModel {
        if (currency == null) {
            throw new IllegalArgumentException("a price model needs a currency");
        }
        if (flatFee == null || flatFee.signum() < 0 || flatFee.stripTrailingZeros().scale() > 4) {
            throw new IllegalArgumentException("flatFee must be zero or more, with at most 4 decimals, not " + flatFee);
        }
        if (includedRequests < 0) {
            throw new IllegalArgumentException("includedRequests must be zero or more, not " + includedRequests);
        }
        if (overageModel == null) {
            throw new IllegalArgumentException("a price model needs an overage model (tiered or volume)");
        }
        tiers = List.copyOf(tiers);
        long previous = 0;
        for (int i = 0; i < tiers.size(); i++) {
            Long upTo = tiers.get(i).upTo();
            boolean last = i == tiers.size() - 1;
            if (upTo == null && !last) {
                throw new IllegalArgumentException("only the last tier may be open-ended (tier " + i + " has no upTo)");
            }
            if (upTo != null && last) {
                throw new IllegalArgumentException("the last tier must be open-ended (upTo null), so every overage has a price");
            }
            if (upTo != null && upTo <= previous) {
                throw new IllegalArgumentException("tier " + i + " upTo " + upTo + " must be above the previous tier's " + previous);
            }
            previous = upTo == null ? previous : upTo;
        }
    }
}
