package io.gatehouse.billing.invoicing;

import io.gatehouse.billing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.gatehouse.billing.problem.BillingProblem;
import io.gatehouse.billing.problem.ProblemType;
import io.gatehouse.billing.problem.QueryParameters;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.YearMonth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Admin-side invoices: {@code GET /billing/v1/invoices?period=&organization=} (without lines),
 * {@code GET /billing/v1/invoices/{id}} (with lines), and
 * {@code POST /billing/v1/periods/{period}/close?organization=} to close a period now (once its
 * grace window has passed; the scheduled job does the same every minute).
 */
@Path("/billing/v1")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
@Produces(MediaType.APPLICATION_JSON)
public class InvoiceResource {

    private final InvoiceStore invoices;
    private final PeriodCloser closer;

    public InvoiceResource(InvoiceStore invoices, PeriodCloser closer) {
        this.invoices = invoices;
        this.closer = closer;
    }

    @GET
    @Path("/invoices")
    public Map<String, List<Invoice>> list(@QueryParam("period") String period, @QueryParam("organization") String organization) {
        String p = period == null || period.isBlank() ? null : period(period).toString();
        return Map.of("items", invoices.list(p, uuid("organization", organization, false)));
    }

    @GET
    @Path("/invoices/{id}")
    public Invoice one(@PathParam("id") String id) {
        UUID invoiceId = uuid("id", id, true);
        return invoices.find(invoiceId).orElseThrow(() ->
                new BillingProblem(ProblemType.NOT_FOUND, "no invoice " + invoiceId, null));
    }

    @POST
    @Path("/periods/{period}/close")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public CloseResult close(@PathParam("period") String period, @QueryParam("organization") String organization) {
        return closer.close(uuid("organization", organization, true), period(period));
    }

    static YearMonth period(String period) {
        if (period == null || period.isBlank()) {
            throw BillingProblem.invalidParameter("period", "is required, as YYYY-MM (e.g. 2026-11)");
        }
        return QueryParameters.month("period", period);
    }

    static UUID uuid(String name, String value, boolean required) {
        if (required && (value == null || value.isBlank())) {
            throw BillingProblem.invalidParameter(name, "is required (a UUID)");
        }
        return QueryParameters.uuid(name, value);
    }
}
