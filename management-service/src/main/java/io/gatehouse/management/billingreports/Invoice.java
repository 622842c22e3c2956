package io.gatehouse.management.billingreports;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An invoice as billing answers it; money stays the exact decimal string billing sent.
 *
 * @param lines null in listings
 */
public record Invoice(UUID id, UUID organizationId, String period, String currency, String status, String subtotal,
                      String total, String checksum, Instant issuedAt, Integer lineCount, List<Line> lines) {

    /** One invoice line; {@code kind} is {@code flat_fee}, {@code included}, {@code tier} or {@code adjustment}. */
    @Schema(name = "InvoiceLine")
    public record Line(int lineNo, String kind, UUID subscriptionId, UUID planId, UUID apiId, Integer tierIndex,
                       String adjustmentForPeriod, String description, long quantity, String unitPrice, int perUnits,
                       String amount) {
    }

    /** billing's list answer. */
    public record Listing(List<Invoice> items) {
    }
}
