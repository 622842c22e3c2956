package io.gatehouse.management.developer.billing;

import io.gatehouse.management.billingreports.ChargeEstimate;
import io.gatehouse.management.billingreports.Invoice;
import io.gatehouse.management.developer.session.Partner;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The partner's charges, for any member of the organization (owners and developers alike), always of the session's
 * organization: {@code GET /developer/v1/billing/estimate?[period=YYYY-MM]} (billing's estimate of the open period,
 * default the current month), {@code GET /developer/v1/billing/invoices} (the organization's invoices, newest period
 * first, without lines) and {@code GET /developer/v1/billing/invoices/{id}} (one with its lines; another organization's
 * or an unknown id: 404). Billing down: 503 {@code billing-unavailable}.
 */
@Path("/developer/v1/billing")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Partner.ROLE)
public class PartnerBillingResource {

    private final PartnerBilling billing;
    private final SecurityIdentity identity;

    public PartnerBillingResource(PartnerBilling billing, SecurityIdentity identity) {
        this.billing = billing;
        this.identity = identity;
    }

    @GET
    @Path("/estimate")
    public ChargeEstimate estimate(@QueryParam("period") String period) {
        return billing.estimate(Partner.of(identity).organizationId(), period);
    }

    @GET
    @Path("/invoices")
    public Map<String, List<Invoice>> invoices() {
        return Map.of("items", billing.invoices(Partner.of(identity).organizationId()));
    }

    @GET
    @Path("/invoices/{id}")
    public Invoice invoice(@PathParam("id") UUID id) {
        return billing.invoice(Partner.of(identity).organizationId(), id);
    }
}
