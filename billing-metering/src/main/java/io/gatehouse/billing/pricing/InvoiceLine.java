package io.gatehouse.billing.pricing;

import java.math.BigDecimal;

/**
 * One priced line of a period's usage.
 *
 * @param tierIndex null unless {@code kind} is {@link Kind#TIER}
 * @param unitPrice the price of {@code perUnits} of the quantity (the flat fee: of 1)
 * @param amount    {@code quantity × unitPrice ÷ perUnits}, rounded once, HALF_EVEN, to 4 decimals
 */
public record InvoiceLine(Kind kind, Integer tierIndex, String description, long quantity, BigDecimal unitPrice,
                          int perUnits, BigDecimal amount) {

    /** Line kinds, as {@code invoice_lines.kind} stores them. */
    public enum Kind {
        FLAT_FEE("flat_fee"), INCLUDED("included"), TIER("tier");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }
}
