package io.gatehouse.portal.billing;

import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Management's billing routes for the signed-in partner ({@code /developer/v1/billing/*}): billing's estimate of the
 * organization's open period and its invoices. Money arrives as exact decimal strings and is only ever formatted
 * here ({@link Money}), never computed: what a month costs is billing's pricing code. Another organization's invoice
 * answers 404; billing down answers 503 {@code billing-unavailable}.
 */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1/billing")
@Produces(MediaType.APPLICATION_JSON)
public interface ManagementBilling {

    @GET
    @Path("/estimate")
    Estimate estimate(@HeaderParam("Authorization") String bearer, @QueryParam("period") String period);

    @GET
    @Path("/invoices")
    Invoices invoices(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/invoices/{id}")
    Invoice invoice(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }

    /** What closing the open period would bill now: an estimate, one would-be invoice per currency. */
    record Estimate(UUID organizationId, String period, boolean estimate, Instant periodStart, Instant periodEnd,
                    Instant asOf, Instant pricesAsOf, List<Charges> currencies) {
    }

    record Charges(String currency, String subtotal, String total, List<SubscriptionCharges> subscriptions) {
    }

    record SubscriptionCharges(UUID subscriptionId, UUID applicationId, String applicationName, UUID planId,
                               String planName, UUID apiId, String apiName, long billableRequests, long includedRequests,
                               String flatFee, String subtotal, List<Line> lines) {

        /** Billable requests beyond the included ones (what the overage tiers price). */
        public long overage() {
            return Math.max(0, billableRequests - includedRequests);
        }
    }

    record Invoices(List<Invoice> items) {
    }

    /** An issued invoice; {@code lines} null in the listing. */
    record Invoice(UUID id, UUID organizationId, String period, String currency, String status, String subtotal,
                   String total, String checksum, Instant issuedAt, Integer lineCount, List<Line> lines) {

        /** A short number a person can quote: the period and the first eight characters of the id. */
        public String number() {
            return period + "-" + id.toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        }
    }

    /** One line; {@code kind} is {@code flat_fee}, {@code included}, {@code tier} or {@code adjustment}. */
    record Line(int lineNo, String kind, UUID subscriptionId, UUID planId, UUID apiId, Integer tierIndex,
                String adjustmentForPeriod, String description, long quantity, String unitPrice, int perUnits,
                String amount) {
    }
}
