package io.gatehouse.billing.report;

import io.gatehouse.billing.problem.BillingProblem;
import io.gatehouse.billing.problem.QueryParameters;
import io.gatehouse.billing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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
 * {@code GET /billing/v1/reports/usage?period=2026-11[&timeZone=Europe/Berlin][&organization=…][&format=csv|json]}:
 * the usage report finance exports. The format comes from {@code format}, else from {@code Accept}
 * ({@code text/csv} or JSON, the default). Both are streamed and end with the totals and a SHA-256
 * checksum ({@link UsageReportWriter}). {@code organizationId} is accepted as a synonym of {@code organization}.
 */
@Path("/billing/v1/reports/usage")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class UsageReportResource {

    static final String CSV = "text/csv";

    private final UsageReportWriter writer;

    public UsageReportResource(UsageReportWriter writer) {
        this.writer = writer;
    }

    @GET
    public Response usage(@QueryParam("period") String period, @QueryParam("timeZone") String timeZone,
                          @QueryParam("organization") String organization,
                          @QueryParam("organizationId") String organizationId, @QueryParam("format") String format,
                          @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        UsagePeriod p = UsagePeriod.parse(period, timeZone);
        UUID org = organization != null ? QueryParameters.uuid("organization", organization) : QueryParameters.uuid("organizationId", organizationId);
        boolean csv = wantsCsv(format, accept);
        if (!csv) {
            StreamingOutput body = out -> writer.json(p, org, out);
            return Response.ok(body, MediaType.APPLICATION_JSON).build();
        }
        StreamingOutput body = out -> writer.csv(p, org, out);
        return Response.ok(body, CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"usage-" + p.month() + ".csv\"")
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
        return accept != null && accept.contains(CSV);
    }
}
