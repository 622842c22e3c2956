package io.gatehouse.billing.report;

import java.util.UUID;

/**
 * The usage of one application on one API and plan over a report's period.
 *
 * @param requests         every request the ledger holds, whatever its status
 * @param billableRequests the requests the plan's price model bills (by default 2xx and 3xx)
 */
public record UsageReportRow(UUID organizationId, UUID applicationId, UUID apiId, UUID planId,
                             long requests, long billableRequests,
                             long requests2xx, long requests3xx, long requests4xx, long requests5xx,
                             long requestBytes, long responseBytes) {

    /** The CSV header, in column order; finance tools key on these names, so they are stable. */
    public static final String[] CSV_HEADER = {
            "organization_id", "application_id", "api_id", "plan_id", "requests", "billable_requests",
            "requests_2xx", "requests_3xx", "requests_4xx", "requests_5xx", "request_bytes", "response_bytes"};

    Object[] csvValues() {
        return new Object[]{organizationId, applicationId, apiId, planId, requests, billableRequests,
                requests2xx, requests3xx, requests4xx, requests5xx, requestBytes, responseBytes};
    }
}
