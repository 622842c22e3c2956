package io.gatehouse.management.billingreports;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * billing's estimate of an organization's open period ({@code GET /billing/v1/estimates}): what closing it would bill
 * now, priced by billing's own close. Money stays the exact decimal string billing sent. Management adds the names
 * of applications and APIs a person reads ({@link #named}).
 *
 * @param estimate   always true: the period is open and usage and prices may change until it closes
 * @param currencies one would-be invoice per currency; empty when nothing would be billed
 */
public record ChargeEstimate(UUID organizationId, String period, boolean estimate, Instant periodStart, Instant periodEnd,
                             Instant asOf, Instant pricesAsOf, long ledgerPosition, List<Charges> currencies) {

    /** One currency's would-be invoice: the exact {@code subtotal} and the {@code total} rounded to the currency's minor units. */
    @Schema(name = "EstimatedCharges")
    public record Charges(String currency, String subtotal, String total, List<SubscriptionCharges> subscriptions) {
    }

    /**
     * One subscription's part of it: the plan's flat fee and included requests, the billable requests of the period so
     * far, and its lines as the invoice would carry them ({@code included}, one {@code tier} line per overage tier used,
     * {@code adjustment} lines for late usage of the closed month before).
     */
    @Schema(name = "EstimatedSubscriptionCharges")
    public record SubscriptionCharges(UUID subscriptionId, UUID applicationId, String applicationName, UUID planId,
                                      String planName, UUID apiId, String apiName, long billableRequests,
                                      long includedRequests, String flatFee, String subtotal, List<Invoice.Line> lines) {
    }

    /** The same estimate with application and API names from {@code applications} and {@code apis} (ids unknown there stay null). */
    public ChargeEstimate named(Map<UUID, String> applications, Map<UUID, String> apis) {
        List<Charges> named = currencies == null ? List.of() : currencies.stream().map(c -> new Charges(c.currency(),
                c.subtotal(), c.total(), c.subscriptions() == null ? List.of() : c.subscriptions().stream()
                .map(s -> new SubscriptionCharges(s.subscriptionId(), s.applicationId(),
                        s.applicationId() == null ? null : applications.get(s.applicationId()), s.planId(), s.planName(),
                        s.apiId(), s.apiId() == null ? null : apis.get(s.apiId()), s.billableRequests(),
                        s.includedRequests(), s.flatFee(), s.subtotal(), s.lines())).toList())).toList();
        return new ChargeEstimate(organizationId, period, estimate, periodStart, periodEnd, asOf, pricesAsOf, ledgerPosition,
                named);
    }
}
