package io.gatehouse.billing.invoicing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What closing one organization's period did.
 *
 * @param closedNow       false when it was closed already (closing again changes nothing)
 * @param ledgerWatermark the ledger position ({@code usage_events.ledger_seq}) the close counted up to
 * @param invoices        the period's invoices (one per currency; none when nothing was owed), without lines
 */
public record CloseResult(UUID organizationId, String period, boolean closedNow, Instant closedAt,
                          long ledgerWatermark, List<Invoice> invoices) {
}
