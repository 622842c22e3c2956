package io.gatehouse.billing.invoicing;

import io.agroal.api.AgroalDataSource;
import io.gatehouse.billing.pricing.PriceCalculator;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes invoices once and reads them: {@code billing_periods}, {@code invoices},
 * {@code invoice_lines}, {@code invoice_usage}. Nothing here updates or deletes; the database
 * refuses it too (migration V13).
 */
@ApplicationScoped
public class InvoiceStore {

    private static final String INVOICE_COLUMNS = """
            i.id, i.organization_id, i.period, i.currency, i.status, i.subtotal, i.total, i.checksum, i.issued_at,
            (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id)""";

    private final AgroalDataSource db;

    public InvoiceStore(AgroalDataSource db) {
        this.db = db;
    }

    /** Billable requests of one subscription, plan and usage period that an invoice billed. */
    public record UsageMark(UUID subscriptionId, UUID planId, String usagePeriod, long billableRequests) {
    }

    /**
     * Writes one invoice: numbers the lines from 1, sums them, rounds the total to the currency's
     * minor units (HALF_EVEN), and stores the checksum. Within the caller's transaction.
     */
    Invoice insert(Connection c, UUID id, UUID billingPeriodId, UUID org, String period, String currency, Instant issuedAt,
                   List<Invoice.Line> drafts, List<UsageMark> usage) throws SQLException {
        List<Invoice.Line> lines = numbered(drafts);
        BigDecimal subtotal = subtotal(lines);
        BigDecimal total = PriceCalculator.total(Currency.getInstance(currency), subtotal);
        Invoice header = new Invoice(id, org, period, currency, "issued", subtotal, total, null, issuedAt, lines.size(), null);
        String checksum = InvoiceChecksum.of(header, lines);
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO invoices (id, organization_id, billing_period_id, period, currency, status, subtotal, total, checksum, issued_at)
                VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?)""")) {
            s.setObject(1, id);
            s.setObject(2, org);
            s.setObject(3, billingPeriodId);
            s.setString(4, period);
            s.setString(5, currency);
            s.setBigDecimal(6, subtotal);
            s.setBigDecimal(7, total);
            s.setString(8, checksum);
            s.setObject(9, issuedAt.atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO invoice_lines (id, invoice_id, line_no, kind, subscription_id, plan_id, api_id, tier_index, description,
                                           quantity, unit_price, per_units, amount, adjustment_for_period)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Invoice.Line l : lines) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, id);
                s.setInt(3, l.lineNo());
                s.setString(4, l.kind());
                s.setObject(5, l.subscriptionId());
                s.setObject(6, l.planId());
                s.setObject(7, l.apiId());
                if (l.tierIndex() == null) {
                    s.setNull(8, Types.INTEGER);
                } else {
                    s.setInt(8, l.tierIndex());
                }
                s.setString(9, l.description());
                s.setLong(10, l.quantity());
                s.setBigDecimal(11, l.unitPrice());
                s.setInt(12, l.perUnits());
                s.setBigDecimal(13, l.amount());
                s.setString(14, l.adjustmentForPeriod());
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO invoice_usage (invoice_id, subscription_id, plan_id, usage_period, billable_requests)
                VALUES (?, ?, ?, ?, ?)""")) {
            for (UsageMark u : usage) {
                s.setObject(1, id);
                s.setObject(2, u.subscriptionId());
                s.setObject(3, u.planId());
                s.setString(4, u.usagePeriod());
                s.setLong(5, u.billableRequests());
                s.addBatch();
            }
            s.executeBatch();
        }
        return new Invoice(id, org, period, currency, "issued", subtotal, total, checksum, issuedAt, lines.size(), null);
    }

    /** Draft lines as an invoice stores them: numbered from 1, unit prices with 6 decimals, amounts with 4. */
    static List<Invoice.Line> numbered(List<Invoice.Line> drafts) {
        List<Invoice.Line> lines = new ArrayList<>();
        for (Invoice.Line d : drafts) {
            lines.add(new Invoice.Line(lines.size() + 1, d.kind(), d.subscriptionId(), d.planId(), d.apiId(),
                    d.tierIndex(), d.adjustmentForPeriod(), d.description(), d.quantity(),
                    d.unitPrice().setScale(6, RoundingMode.UNNECESSARY), d.perUnits(), d.amount().setScale(4, RoundingMode.UNNECESSARY)));
        }
        return lines;
    }

    /** The exact sum of the lines' amounts (4 decimals). */
    static BigDecimal subtotal(List<Invoice.Line> lines) {
        return lines.stream().map(Invoice.Line::amount).reduce(BigDecimal.ZERO.setScale(4), BigDecimal::add);
    }

    /** The close of {@code period} of the organization, if it happened. */
    public Optional<CloseResult> closedPeriod(UUID org, YearMonth period) {
        try (Connection c = db.getConnection()) {
            return closedPeriod(c, org, period);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<CloseResult> closedPeriod(Connection c, UUID org, YearMonth period) throws SQLException {
        UUID periodId;
        Instant closedAt;
        long watermark;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, closed_at, ledger_watermark FROM billing_periods
                WHERE organization_id = ? AND period = ? AND status = 'closed'""")) {
            s.setObject(1, org);
            s.setString(2, period.toString());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                periodId = r.getObject(1, UUID.class);
                closedAt = r.getObject(2, OffsetDateTime.class).toInstant();
                watermark = r.getLong(3);
            }
        }
        List<Invoice> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + INVOICE_COLUMNS
                + " FROM invoices i WHERE i.billing_period_id = ? ORDER BY i.currency")) {
            s.setObject(1, periodId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(invoice(r));
                }
            }
        }
        return Optional.of(new CloseResult(org, period.toString(), false, closedAt, watermark, list));
    }

    /** Invoices, newest period first, optionally of one period and/or organization. */
    public List<Invoice> list(String period, UUID org) {
        StringBuilder sql = new StringBuilder("SELECT " + INVOICE_COLUMNS + " FROM invoices i WHERE true");
        if (period != null) {
            sql.append(" AND i.period = ?");
        }
        if (org != null) {
            sql.append(" AND i.organization_id = ?");
        }
        sql.append(" ORDER BY i.period DESC, i.organization_id, i.currency LIMIT 1000");
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int p = 1;
            if (period != null) {
                s.setString(p++, period);
            }
            if (org != null) {
                s.setObject(p, org);
            }
            List<Invoice> list = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(invoice(r));
                }
            }
            return list;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One invoice with its lines. */
    public Optional<Invoice> find(UUID id) {
        try (Connection c = db.getConnection()) {
            Invoice invoice;
            try (PreparedStatement s = c.prepareStatement("SELECT " + INVOICE_COLUMNS + " FROM invoices i WHERE i.id = ?")) {
                s.setObject(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    invoice = invoice(r);
                }
            }
            List<Invoice.Line> lines = new ArrayList<>();
            forEachLine(c, "l.invoice_id = ?", List.of(id), (i, l) -> lines.add(l));
            return Optional.of(invoice.withLines(lines));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Receives each line with its invoice (without lines), in order. */
    @FunctionalInterface
    public interface LineSink {
        void accept(Invoice invoice, Invoice.Line line) throws java.io.IOException;
    }

    /**
     * Streams every line of the period's invoices (optionally one organization's), ordered by
     * organization, currency and line number, through a cursor: memory stays flat however many.
     */
    public void streamLines(String period, UUID org, LineSink sink) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object> params = new ArrayList<>();
                params.add(period);
                String where = "i.period = ?";
                if (org != null) {
                    where += " AND i.organization_id = ?";
                    params.add(org);
                }
                forEachLine(c, where, params, sink);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void forEachLine(Connection c, String where, List<Object> params, LineSink sink) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + INVOICE_COLUMNS + """
                , l.line_no, l.kind, l.subscription_id, l.plan_id, l.api_id, l.tier_index, l.adjustment_for_period,
                  l.description, l.quantity, l.unit_price, l.per_units, l.amount
                FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
                WHERE """ + " " + where + " ORDER BY i.organization_id, i.currency, i.id, l.line_no")) {
            s.setFetchSize(500);
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Integer tier = r.getObject(16) == null ? null : r.getInt(16);
                    sink.accept(invoice(r), new Invoice.Line(r.getInt(11), r.getString(12), r.getObject(13, UUID.class),
                            r.getObject(14, UUID.class), r.getObject(15, UUID.class), tier, r.getString(17), r.getString(18),
                            r.getLong(19), r.getBigDecimal(20), r.getInt(21), r.getBigDecimal(22)));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Invoice invoice(ResultSet r) throws SQLException {
        String currency = r.getString(4);
        int minor = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return new Invoice(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3), currency, r.getString(5),
                r.getBigDecimal(6), r.getBigDecimal(7).setScale(minor, RoundingMode.UNNECESSARY), r.getString(8),
                r.getObject(9, OffsetDateTime.class).toInstant(), r.getInt(10), null);
    }
}
