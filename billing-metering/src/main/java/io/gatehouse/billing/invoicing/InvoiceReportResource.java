package io.gatehouse.billing.invoicing;

import io.gatehouse.billing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.gatehouse.billing.problem.BillingProblem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.UUID;

/**
 * {@code GET /billing/v1/reports/invoices?period=YYYY-MM[&organization=…][&format=csv|json]}: every
 * line of the invoices issued for the period, with totals per currency and checksums
 * ({@link InvoiceReportWriter}). The format comes from {@code format}, else {@code Accept}, else JSON.
 */
@Path("/billing/v1/reports/invoices")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class InvoiceReportResource {

    private final InvoiceReportWriter writer;

    public InvoiceReportResource(InvoiceReportWriter writer) {
        this.writer = writer;
    }

    @GET
    public Response invoices(@QueryParam("period") String period, @QueryParam("organization") String organization,
                             @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        String p = InvoiceResource.period(period).toString();
        UUID org = InvoiceResource.uuid("organization", organization, false);
        if (!wantsCsv(format, accept)) {
            StreamingOutput body = out -> writer.json(p, org, out);
            return Response.ok(body, MediaType.APPLICATION_JSON).build();
        }
        StreamingOutput body = out -> writer.csv(p, org, out);
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"invoices-" + p + ".csv\"")
                .build();
    }

    private static boolean wantsCsv(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase()) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw BillingProblem.invalidParameter("format", "must be csv or json");
            };
        }
        return accept != null && accept.contains("text/csv");
    }
}
