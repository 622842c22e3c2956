package io.gatehouse.billing.invoicing;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An issued invoice: one per organization, period and currency, immutable once written. Money is
 * written as JSON strings (exact decimals, never floating point).
 *
 * @param period   the billing period that closed into it (YYYY-MM)
 * @param subtotal the exact sum of the lines (4 decimals)
 * @param total    the subtotal rounded HALF_EVEN to the currency's minor units
 * @param checksum {@link InvoiceChecksum}: SHA-256 of the canonical line data
 * @param lines    null in listings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Invoice(UUID id, UUID organizationId, String period, String currency, String status,
                      @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal subtotal,
                      @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal total,
                      String checksum, Instant issuedAt, Integer lineCount, List<Line> lines) {

    /** Money is written as a decimal in a string ({@code "9.32"}), so no client reads it into a binary float. */
    static final String DECIMAL = "^-?[0-9]+(\\.[0-9]+)?$";

    public Invoice withLines(List<Line> l) {
        return new Invoice(id, organizationId, period, currency, status, subtotal, total, checksum, issuedAt, l.size(), l);
    }

    /**
     * One line. {@code kind}: {@code flat_fee}, {@code included}, {@code tier} or {@code adjustment}
     * (usage of an earlier, closed period that reached the ledger after it closed).
     *
     * @param unitPrice           the price of {@code perUnits} of the quantity
     * @param amount              {@code quantity × unitPrice ÷ perUnits}, rounded once HALF_EVEN to 4 decimals
     *                            (an adjustment: the difference the late usage makes to that period's price)
     * @param adjustmentForPeriod the period an adjustment bills late usage of; null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(int lineNo, String kind, UUID subscriptionId, UUID planId, UUID apiId, Integer tierIndex,
                       String adjustmentForPeriod, String description, long quantity,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal unitPrice, int perUnits,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = SchemaType.STRING, pattern = DECIMAL) BigDecimal amount) {
    }
}
