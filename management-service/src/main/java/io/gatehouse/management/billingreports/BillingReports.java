package io.gatehouse.management.billingreports;

import io.gatehouse.management.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Invoices and reports from billing-metering, for the admin API and the console alike. */
@ApplicationScoped
public class BillingReports {

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private final BillingClient billing;

    public BillingReports(BillingClient billing) {
        this.billing = billing;
    }

    public List<Invoice> invoices(String period, UUID organizationId) {
        if (period != null && !period.isBlank() && !PERIOD.matcher(period.strip()).matches()) {
            throw ApiProblem.invalidField("period", "must be a month, YYYY-MM");
        }
        return billing.invoices(period == null || period.isBlank() ? null : period.strip(), organizationId);
    }

    public Invoice invoice(UUID id) {
        return billing.invoice(id);
    }

    /**
     * Billing's {@code usage} or {@code invoices} report, streamed through as it arrives, with billing's
     * {@code Content-Type} and {@code Content-Disposition}.
     */
    public Response report(String report, String period, UUID organizationId, String format, String timeZone) {
        if (period == null || !PERIOD.matcher(period.strip()).matches()) {
            throw ApiProblem.invalidField("period", "must be a month, YYYY-MM");
        }
        if (format != null && !format.isBlank() && !format.strip().equals("csv") && !format.strip().equals("json")) {
            throw ApiProblem.invalidField("format", "must be csv or json");
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("period", period.strip());
        if (organizationId != null) {
            q.put("organization", organizationId.toString());
        }
        q.put("format", format == null || format.isBlank() ? "csv" : format.strip());
        if (timeZone != null && !timeZone.isBlank()) {
            q.put("timeZone", timeZone.strip());
        }
        BillingDownload download = billing.report(report, q);
        Response.ResponseBuilder r = Response.ok((StreamingOutput) download::transferTo, download.contentType());
        if (download.contentDisposition() != null) {
            r.header("Content-Disposition", download.contentDisposition());
        }
        return r.header("Cache-Control", "no-store").build();
    }
}
