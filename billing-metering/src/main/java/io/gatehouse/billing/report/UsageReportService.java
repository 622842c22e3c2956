package io.gatehouse.billing.report;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Builds usage reports from the ledger's rollups (never from Redis counters). */
@ApplicationScoped
public class UsageReportService {

    private static final String QUERY = """
            SELECT r.organization_id, r.application_id, r.api_id, r.plan_id,
                   sum(r.requests), sum(r.billable_requests),
                   sum(r.requests) FILTER (WHERE r.status_class = 2),
                   sum(r.requests) FILTER (WHERE r.status_class = 3),
                   sum(r.requests) FILTER (WHERE r.status_class = 4),
                   sum(r.requests) FILTER (WHERE r.status_class = 5),
                   sum(r.request_bytes), sum(r.response_bytes)
            FROM usage_rollups r
            WHERE r.granularity = ? AND r.bucket_start >= ? AND r.bucket_start < ? %s
            GROUP BY r.organization_id, r.application_id, r.api_id, r.plan_id
            ORDER BY r.organization_id, r.application_id, r.api_id, r.plan_id""";

    private final AgroalDataSource db;

    public UsageReportService(AgroalDataSource db) {
        this.db = db;
    }

    /** The period's usage, optionally of one organization only, in memory (small reports, tests). */
    public UsageReport report(UsagePeriod period, UUID organizationId) {
        List<UsageReportRow> rows = new ArrayList<>();
        stream(period, organizationId, rows::add);
        return new UsageReport(period.month().toString(), period.zone().getId(), period.start(), period.end(),
                rows, UsageReport.Totals.of(rows));
    }

    /**
     * Hands each row of the period's usage to {@code sink}, in order, through a database cursor
     * (500 rows at a time), so a report of any size streams with flat memory.
     */
    public void stream(UsagePeriod period, UUID organizationId, Consumer<UsageReportRow> sink) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(QUERY.formatted(organizationId == null ? "" : "AND r.organization_id = ?"))) {
                s.setFetchSize(500);
                s.setString(1, period.granularity());
                s.setObject(2, period.start().atOffset(ZoneOffset.UTC));
                s.setObject(3, period.end().atOffset(ZoneOffset.UTC));
                if (organizationId != null) {
                    s.setObject(4, organizationId);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sink.accept(new UsageReportRow(r.getObject(1, UUID.class), r.getObject(2, UUID.class),
                                r.getObject(3, UUID.class), r.getObject(4, UUID.class), r.getLong(5), r.getLong(6),
                                r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11), r.getLong(12)));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the usage report could not be read: " + e.getMessage(), e);
        }
    }
}
