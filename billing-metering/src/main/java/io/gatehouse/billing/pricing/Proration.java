package io.gatehouse.billing.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * The part of a billing period a plan was in force: its flat fee is owed in that proportion, by time (to the
 * millisecond), the line amount rounded HALF_EVEN to {@link PriceCalculator#LINE_SCALE} decimals like every line.
 *
 * @param inForce how long the plan was in force in the period
 * @param period  the period's length (a month in the plan's zone)
 */
public record Proration(Duration inForce, Duration period) {

    public Proration {
        if (inForce.isNegative() || period.isZero() || period.isNegative() || inForce.compareTo(period) > 0) {
            throw new IllegalArgumentException("in force " + inForce + " of a period of " + period);
        }
    }

    /** Whether the plan was in force the whole period: the fee is owed in full. */
    public boolean full() {
        return inForce.equals(period);
    }

    /** {@code fee × inForce / period}, HALF_EVEN at the line scale. */
    public BigDecimal of(BigDecimal fee) {
        return fee.multiply(BigDecimal.valueOf(inForce.toMillis()))
                .divide(BigDecimal.valueOf(period.toMillis()), PriceCalculator.LINE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** E.g. "in force 10 d 0 h 0 min of 30 d", for the invoice line. */
    public String describe() {
        return "in force " + days(inForce) + " of " + days(period);
    }

    private static String days(Duration d) {
        long minutes = d.toMinutes();
        long days = minutes / (24 * 60);
        long hours = minutes % (24 * 60) / 60;
        long rest = minutes % 60;
        return hours == 0 && rest == 0 ? days + " d" : days + " d " + hours + " h " + rest + " min";
    }
}
