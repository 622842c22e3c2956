package io.gatehouse.billing.report;

import java.time.Instant;
import java.util.List;

/**
 * A usage report over one period: one row per organization, application, API and plan that had
 * usage, ordered by those ids, and the totals.
 *
 * @param from inclusive
 * @param to   exclusive
 */
public record UsageReport(String period, String timeZone, Instant from, Instant to,
                          List<UsageReportRow> rows, Totals totals) {

    /** The sums of every row. */
    public record Totals(long requests, long billableRequests, long requestBytes, long responseBytes) {
        static Totals of(List<UsageReportRow> rows) {
            return new Totals(rows.stream().mapToLong(UsageReportRow::requests).sum(),
                    rows.stream().mapToLong(UsageReportRow::billableRequests).sum(),
                    rows.stream().mapToLong(UsageReportRow::requestBytes).sum(),
                    rows.stream().mapToLong(UsageReportRow::responseBytes).sum());
        }
    }
}
