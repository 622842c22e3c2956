package io.gatehouse.billing.pricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * A period's billable requests priced by one model.
 *
 * @param subtotal the exact sum of the lines' amounts (4 decimals)
 * @param total    the subtotal rounded HALF_EVEN to the currency's minor units (EUR 2, JPY 0)
 */
public record PricedUsage(Currency currency, long billableRequests, List<InvoiceLine> lines, BigDecimal subtotal,
                          BigDecimal total) {
}
