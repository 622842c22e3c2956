package io.gatehouse.management.billingreports;

import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.analytics.AnalyticsResource.uuid;

/**
 * Invoices and reports, read from billing-metering (platform-admin, billing-viewer, auditor; never a write:
 * closing periods stays billing's own job):
 * {@code GET /admin/v1/billing/invoices?[period=YYYY-MM][&organization=]}, {@code GET /admin/v1/billing/invoices/{id}},
 * {@code GET /admin/v1/billing/reports/usage?period=[&organization=][&format=csv|json][&timeZone=]},
 * {@code GET /admin/v1/billing/reports/invoices?period=[&organization=][&format=csv|json]} (streamed).
 */
@Path("/admin/v1/billing")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class BillingResource {

    private final BillingReports reports;

    public BillingResource(BillingReports reports) {
        this.reports = reports;
    }

    @GET
    @Path("/invoices")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<Invoice>> invoices(@QueryParam("period") String period,
                                               @QueryParam("organization") String organization) {
        return Map.of("items", reports.invoices(period, uuid("organization", organization)));
    }

    @GET
    @Path("/invoices/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Invoice invoice(@PathParam("id") String id) {
        return reports.invoice(uuid("id", id));
    }

    @GET
    @Path("/reports/usage")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response usageReport(@QueryParam("period") String period, @QueryParam("organization") String organization,
                                @QueryParam("format") String format, @QueryParam("timeZone") String timeZone) {
        return reports.report("usage", period, uuid("organization", organization), format, timeZone);
    }

    @GET
    @Path("/reports/invoices")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response invoiceReport(@QueryParam("period") String period, @QueryParam("organization") String organization,
                                  @QueryParam("format") String format) {
        return reports.report("invoices", period, uuid("organization", organization), format, null);
    }
}
