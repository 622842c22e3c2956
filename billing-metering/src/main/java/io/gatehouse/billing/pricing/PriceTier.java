package io.gatehouse.billing.pricing;

import java.math.BigDecimal;

/**
 * One overage tier: {@code unitPrice} per {@code perUnits} requests.
 *
 * @param upTo      the tier's upper bound, inclusive, counted in overage requests (those beyond
 *                  the included ones) from the first tier on; null for the last, open-ended tier
 * @param unitPrice price of {@code perUnits} requests, in the model's currency, at most 6 decimals
 * @param perUnits  how many requests {@code unitPrice} buys, e.g. 1000
 */
public record PriceTier(Long upTo, BigDecimal unitPrice, int perUnits) {

    public PriceTier {
        if (upTo != null && upTo <= 0) {
            throw new IllegalArgumentException("a tier's upTo must be positive (or null for the last tier), not " + upTo);
        }
        if (unitPrice == null || unitPrice.signum() < 0) {
            throw new IllegalArgumentException("a tier's unitPrice must be zero or more");
        }
        if (unitPrice.stripTrailingZeros().scale() > 6) {
            throw new IllegalArgumentException("a tier's unitPrice has at most 6 decimals, not " + unitPrice);
        }
        if (perUnits <= 0) {
            throw new IllegalArgumentException("a tier's perUnits must be positive, not " + perUnits);
        }
    }
}
