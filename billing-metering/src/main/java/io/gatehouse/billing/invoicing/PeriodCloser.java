package io.gatehouse.billing.invoicing;

import io.agroal.api.AgroalDataSource;
import io.gatehouse.billing.ledger.UsageEvent;
import io.gatehouse.billing.planfeed.ManagementUnavailableException;
import io.gatehouse.billing.planfeed.PlanCatalog;
import io.gatehouse.billing.planfeed.PlanCatalog.PricedPlan;
import io.gatehouse.billing.planfeed.PlanFeed;
import io.gatehouse.billing.problem.BillingProblem;
import io.gatehouse.billing.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Closes an organization's billing period into immutable invoices, one per currency, in one
 * PostgreSQL transaction.
 *
 * <p>How a late event is billed exactly once: the close takes a SHARE lock on {@code usage_events}
 * (in-flight inserts commit first, new ones wait for the close) and reads the ledger position
 * {@code W = max(ledger_seq)}. The period's usage is the events of the month (in each plan's zone)
 * with {@code ledger_seq ≤ W}. Adjustments are the events at positions {@code (W_prev, W]} (W_prev:
 * the organization's previous close) whose month is before this period: they reached the ledger
 * after their own period closed. Periods of an organization close in order, one after the other,
 * so every event falls into exactly one of these sets across all closes.
 *
 * <p>An adjustment is priced as {@code price(already billed + late) − price(already billed)} for
 * that subscription and month, line by line, so included requests and tiers stay right; the flat
 * fee is never repeated. What each invoice billed is kept in {@code invoice_usage}.
 */
@ApplicationScoped
public class PeriodCloser {

    private static final Logger LOG = Logger.getLogger(PeriodCloser.class);
    /** Serializes closes across every billing instance ("gatehous"). */
    private static final long CLOSE_LOCK = 0x67617465686f7573L;
    private static final String NIL = UsageEvent.NIL.toString();

    private static final String SPANS = """
            WITH spans AS (
                SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::text[])
                    AS s(plan_id, starts_at, ends_at, zone)
            )
            """;
    private static final String REGULAR = SPANS + """
            SELECT e.subscription_id, e.plan_id, (e.status / 100) AS status_class, count(*)
            FROM usage_events e JOIN spans s ON s.plan_id = e.plan_id
            WHERE e.organization_id = ? AND e.ledger_seq <= ?
              AND e.occurred_at >= ? AND e.occurred_at < ?
              AND e.occurred_at >= s.starts_at AND e.occurred_at < s.ends_at
              AND e.outcome IN ('forwarded', 'cache-hit')
            GROUP BY 1, 2, 3""";
    private static final String LATE = SPANS + """
            SELECT e.subscription_id, e.plan_id, to_char(e.occurred_at AT TIME ZONE s.zone, 'YYYY-MM'),
                   (e.status / 100) AS status_class, count(*)
            FROM usage_events e JOIN spans s ON s.plan_id = e.plan_id
            WHERE e.organization_id = ? AND e.ledger_seq > ? AND e.ledger_seq <= ?
              AND e.occurred_at < s.starts_at
              AND e.outcome IN ('forwarded', 'cache-hit')
            GROUP BY 1, 2, 3, 4""";
    private static final String UNKNOWN_PLANS = """
            SELECT DISTINCT e.plan_id FROM usage_events e
            WHERE e.organization_id = ? AND e.ledger_seq <= ?
              AND e.outcome IN ('forwarded', 'cache-hit') AND e.plan_id <> ?::uuid
              AND NOT (e.plan_id = ANY (?::uuid[]))
              AND ((e.occurred_at >= ? AND e.occurred_at < ?) OR (e.ledger_seq > ? AND e.occurred_at < ?))
            LIMIT 5""";

    private final AgroalDataSource db;
    private final PlanFeed feed;
    private final InvoiceStore invoices;
    private final InvoicingSettings settings;
    private final Clock clock;
    private final Event<PeriodClosed> closed;

    public PeriodCloser(AgroalDataSource db, PlanFeed feed, InvoiceStore invoices, InvoicingSettings settings, Clock clock,
                        Event<PeriodClosed> closed) {
        this.db = db;
        this.feed = feed;
        this.invoices = invoices;
        this.settings = settings;
        this.clock = clock;
        this.closed = closed;
    }

    /** Fired after a close committed (not when the period was closed already). */
    public record PeriodClosed(UUID organizationId, YearMonth period, ZoneId reportZone) {
    }

    /**
     * Closes {@code period} of {@code organizationId} with management's current prices, or returns
     * the close that happened already.
     *
     * @throws io.gatehouse.billing.planfeed.ManagementUnavailableException when prices cannot be read now (try later)
     * @throws BillingProblem {@code period-not-due} before the grace window has passed,
     *                        {@code close-out-of-order} when an earlier period of the organization is open
     */
    public CloseResult close(UUID organizationId, YearMonth period) {
        Optional<CloseResult> done = invoices.closedPeriod(organizationId, period);
        if (done.isPresent()) {
            return done.get();
        }
        return close(organizationId, period, feed.fetch());
    }

    /**
     * Like {@link #close(UUID, YearMonth)} with a catalog the caller fetched just now (the
     * scheduled job: one fetch per run, not per organization).
     */
    public CloseResult close(UUID organizationId, YearMonth period, PlanCatalog catalog) {
        refuseUnknownSubscriptionPlans(organizationId, catalog);
        Instant now = clock.instant();
        Instant due = closesAt(organizationId, period, catalog);
        if (now.isBefore(due)) {
            throw new BillingProblem(ProblemType.PERIOD_NOT_DUE, "period " + period + " of organization " + organizationId
                    + " closes at " + due + " (month end in its plans' zones plus gatehouse.billing.close-grace "
                    + settings.closeGrace() + ")", null);
        }
        CloseResult result = inTransaction(c -> close(c, organizationId, period, catalog, now));
        if (result.closedNow()) {
            LOG.infof("closed %s of organization %s at ledger position %d: %d invoice(s)", period, organizationId,
                    result.ledgerWatermark(), result.invoices().size());
            closed.fire(new PeriodClosed(organizationId, period, reportZone(organizationId, catalog)));
        }
        return result;
    }

    private static void refuseUnknownSubscriptionPlans(UUID organizationId, PlanCatalog catalog) {
        for (PlanCatalog.Subscription s : catalog.subscriptionsOf(organizationId)) {
            for (UUID planId : s.planIds()) {
                if (!catalog.plans().containsKey(planId)) {
                    throw new ManagementUnavailableException(catalog.unusable().getOrDefault(planId,
                            "subscription " + s.id() + " names plan " + planId + ", which the billing feed does not list"), null);
                }
            }
        }
    }

    /**
     * What closing {@code period} of the organization would bill if it closed now, with management's current prices:
     * the same reading of the ledger and the same drafting as {@link #close(UUID, YearMonth)}, without a lock and
     * without writing. Late usage of an earlier month is part of it only when that month is closed and this period is
     * the next to close (otherwise an earlier open period's close bills it). {@code period} null: the current month in
     * the organization's plans' zone (UTC when they differ).
     *
     * @throws BillingProblem {@code period-closed} when the period is closed (its invoices say what it cost),
     *                        {@code validation-failed} on {@code period} when the month has not begun anywhere yet
     * @throws ManagementUnavailableException when prices cannot be read now
     */
    public Estimate estimate(UUID organizationId, YearMonth period) {
        PlanCatalog catalog = feed.fetch();
        refuseUnknownSubscriptionPlans(organizationId, catalog);
        Instant now = clock.instant();
        YearMonth month = period != null ? period : YearMonth.from(now.atZone(reportZone(organizationId, catalog)));
        if (now.isBefore(month.atDay(1).atStartOfDay(ZoneOffset.MAX).toInstant())) {
            throw BillingProblem.invalidParameter("period", "has not begun yet: an estimate covers the current month or an earlier one that is still open");
        }
        return inTransaction(c -> {
            if (invoices.closedPeriod(c, organizationId, month).isPresent()) {
                throw new BillingProblem(ProblemType.PERIOD_CLOSED, month + " of organization " + organizationId
                        + " is closed: GET /billing/v1/invoices?period=" + month + "&organization=" + organizationId
                        + " lists what it cost", null);
            }
            Optional<Previous> previous = previous(c, organizationId);
            long watermark = ledgerPosition(c);
            long previousWatermark = previous.map(Previous::watermark).orElse(0L);
            InvoiceDrafts.PeriodUsage usage = usage(c, organizationId, month, catalog, watermark, previousWatermark);
            boolean nextToClose = previous.isPresent() && previous.get().period().plusMonths(1).equals(month);
            if (!nextToClose) {
                usage = new InvoiceDrafts.PeriodUsage(usage.regular(), Map.of(), Map.of());
            }
            List<InvoiceDrafts.Draft> drafts = InvoiceDrafts.draft(organizationId, month, catalog, usage);
            Span span = span(organizationId, month, catalog);
            return Estimate.of(organizationId, month, span.start(), span.end(), now, catalog, watermark, drafts, usage);
        });
    }

    /** When {@code period} of the organization may close: its month's end in the latest of its plans' zones, plus the grace. */
    public Instant closesAt(UUID organizationId, YearMonth period, PlanCatalog catalog) {
        Instant end = period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (PlanCatalog.Subscription s : catalog.subscriptionsOf(organizationId)) {
            PricedPlan plan = catalog.plans().get(s.planId());
            if (plan != null && plan.end(period).isAfter(end)) {
                end = plan.end(period);
            }
        }
        return end.plus(settings.closeGrace());
    }

    /** The zone the organization's usage report is written in: its plans' zone when they share one, else UTC. */
    static ZoneId reportZone(UUID organizationId, PlanCatalog catalog) {
        Set<ZoneId> zones = catalog.subscriptionsOf(organizationId).stream()
                .map(s -> catalog.plans().get(s.planId())).filter(p -> p != null).map(PricedPlan::zone)
                .collect(Collectors.toSet());
        return zones.size() == 1 ? zones.iterator().next() : ZoneOffset.UTC;
    }

    private CloseResult close(Connection c, UUID org, YearMonth period, PlanCatalog catalog, Instant now) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + CLOSE_LOCK + ")");
        }
        Optional<CloseResult> done = invoices.closedPeriod(c, org, period);
        if (done.isPresent()) {
            return done.get();
        }
        Optional<Previous> previous = previous(c, org);
        if (previous.isPresent() && !previous.get().period().plusMonths(1).equals(period)) {
            YearMonth next = previous.get().period().plusMonths(1);
            throw new BillingProblem(ProblemType.CLOSE_OUT_OF_ORDER, next.isAfter(period)
                    ? "organization " + org + " has closed " + previous.get().period() + " already; periods close in order and never reopen"
                    : "close " + next + " of organization " + org + " first: periods close in order", null);
        }
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE usage_events IN SHARE MODE");
        }
        long watermark = ledgerPosition(c);
        long previousWatermark = previous.map(Previous::watermark).orElse(0L);
        InvoiceDrafts.PeriodUsage usage = usage(c, org, period, catalog, watermark, previousWatermark);
        List<InvoiceDrafts.Draft> drafts = InvoiceDrafts.draft(org, period, catalog, usage);

        UUID periodId = UUID.randomUUID();
        insertPeriod(c, periodId, org, period, catalog, now, watermark);
        List<Invoice> written = new ArrayList<>();
        for (InvoiceDrafts.Draft d : drafts) {
            written.add(invoices.insert(c, UUID.randomUUID(), periodId, org, period.toString(), d.currency(), now,
                    d.lines(), d.usage().stream().map(u -> new InvoiceStore.UsageMark(u.key().subscription(),
                            u.key().plan(), u.key().usagePeriod(), u.billable())).toList()));
        }
        return new CloseResult(org, period.toString(), true, now, watermark, written);
    }

    private static long ledgerPosition(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(max(ledger_seq), 0) FROM usage_events")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The usage closing {@code period} bills (see {@link #readUsage}), refusing usage of plans the feed cannot price. */
    private static InvoiceDrafts.PeriodUsage usage(Connection c, UUID org, YearMonth period, PlanCatalog catalog,
                                                   long watermark, long previousWatermark) throws SQLException {
        List<PricedPlan> plans = catalog.plans().values().stream().sorted(Comparator.comparing(PricedPlan::id)).toList();
        Instant widestStart = period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(15 * 3600);
        Instant widestEnd = period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(15 * 3600);
        refuseUnknownPlans(c, org, watermark, previousWatermark, plans, widestStart, widestEnd);
        return readUsage(c, org, period, catalog, plans, watermark, previousWatermark, widestStart, widestEnd);
    }

    /**
     * The usage a close bills, read from the ledger up to {@code watermark}: the period's own billable requests per
     * subscription and plan (in each plan's zone), the late ones of earlier months that reached the ledger after the
     * previous close ({@code (previousWatermark, watermark]}), and for each late month what was billed for it before.
     */
    private static InvoiceDrafts.PeriodUsage readUsage(Connection c, UUID org, YearMonth period, PlanCatalog catalog,
            List<PricedPlan> plans, long watermark, long previousWatermark, Instant widestStart, Instant widestEnd)
            throws SQLException {
        Map<InvoiceDrafts.Key, Long> regular = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(REGULAR)) {
            int p = spans(c, s, plans, period);
            s.setObject(p++, org);
            s.setLong(p++, watermark);
            s.setObject(p++, widestStart.atOffset(ZoneOffset.UTC));
            s.setObject(p, widestEnd.atOffset(ZoneOffset.UTC));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    UUID plan = r.getObject(2, UUID.class);
                    if (catalog.plans().get(plan).billableClasses().contains(r.getInt(3))) {
                        regular.merge(new InvoiceDrafts.Key(r.getObject(1, UUID.class), plan, period.toString()),
                                r.getLong(4), Long::sum);
                    }
                }
            }
        }
        Map<InvoiceDrafts.Key, Long> late = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(LATE)) {
            int p = spans(c, s, plans, period);
            s.setObject(p++, org);
            s.setLong(p++, previousWatermark);
            s.setLong(p, watermark);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    UUID plan = r.getObject(2, UUID.class);
                    if (catalog.plans().get(plan).billableClasses().contains(r.getInt(4))) {
                        late.merge(new InvoiceDrafts.Key(r.getObject(1, UUID.class), plan, r.getString(3)),
                                r.getLong(5), Long::sum);
                    }
                }
            }
        }
        Map<InvoiceDrafts.Key, Long> billedBefore = new TreeMap<>();
        for (InvoiceDrafts.Key key : late.keySet()) {
            billedBefore.put(key, billedBefore(c, org, key));
        }
        return new InvoiceDrafts.PeriodUsage(regular, late, billedBefore);
    }

    private static long billedBefore(Connection c, UUID org, InvoiceDrafts.Key key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT coalesce(sum(u.billable_requests), 0) FROM invoice_usage u JOIN invoices i ON i.id = u.invoice_id
                WHERE i.organization_id = ? AND u.subscription_id = ? AND u.plan_id = ? AND u.usage_period = ?""")) {
            s.setObject(1, org);
            s.setObject(2, key.subscription());
            s.setObject(3, key.plan());
            s.setString(4, key.usagePeriod());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void refuseUnknownPlans(Connection c, UUID org, long watermark, long previousWatermark, List<PricedPlan> plans,
                                           Instant widestStart, Instant widestEnd) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UNKNOWN_PLANS)) {
            s.setObject(1, org);
            s.setLong(2, watermark);
            s.setString(3, NIL);
            s.setArray(4, c.createArrayOf("text", plans.stream().map(p -> p.id().toString()).toArray()));
            s.setObject(5, widestStart.atOffset(ZoneOffset.UTC));
            s.setObject(6, widestEnd.atOffset(ZoneOffset.UTC));
            s.setLong(7, previousWatermark);
            s.setObject(8, widestStart.atOffset(ZoneOffset.UTC));
            List<String> unknown = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    unknown.add(r.getString(1));
                }
            }
            if (!unknown.isEmpty()) {
                throw new ManagementUnavailableException(
                        "the ledger has billable usage of plans management does not list or billing cannot use: " + unknown, null);
            }
        }
    }

    private static int spans(Connection c, PreparedStatement s, List<PricedPlan> plans, YearMonth period) throws SQLException {
        s.setArray(1, c.createArrayOf("text", plans.stream().map(p -> p.id().toString()).toArray()));
        s.setArray(2, c.createArrayOf("text", plans.stream().map(p -> p.start(period).toString()).toArray()));
        s.setArray(3, c.createArrayOf("text", plans.stream().map(p -> p.end(period).toString()).toArray()));
        s.setArray(4, c.createArrayOf("text", plans.stream().map(p -> p.zone().getId()).toArray()));
        return 5;
    }

    /** The organization's month as it bills it: from the earliest start to the latest end in its plans' zones. */
    private record Span(ZoneId zone, Instant start, Instant end) {
    }

    private static Span span(UUID org, YearMonth period, PlanCatalog catalog) {
        ZoneId zone = reportZone(org, catalog);
        Instant start = period.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = period.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        for (PlanCatalog.Subscription sub : catalog.subscriptionsOf(org)) {
            PricedPlan plan = catalog.plans().get(sub.planId());
            if (plan != null) {
                start = plan.start(period).isBefore(start) ? plan.start(period) : start;
                end = plan.end(period).isAfter(end) ? plan.end(period) : end;
            }
        }
        return new Span(zone, start, end);
    }

    private static void insertPeriod(Connection c, UUID id, UUID org, YearMonth period, PlanCatalog catalog, Instant now,
                                     long watermark) throws SQLException {
        Span span = span(org, period, catalog);
        ZoneId zone = span.zone();
        Instant start = span.start();
        Instant end = span.end();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO billing_periods (id, organization_id, period, time_zone, starts_at, ends_at, status, closed_at, ledger_watermark)
                VALUES (?, ?, ?, ?, ?, ?, 'closed', ?, ?)""")) {
            s.setObject(1, id);
            s.setObject(2, org);
            s.setString(3, period.toString());
            s.setString(4, zone.getId());
            s.setObject(5, start.atOffset(ZoneOffset.UTC));
            s.setObject(6, end.atOffset(ZoneOffset.UTC));
            s.setObject(7, now.atOffset(ZoneOffset.UTC));
            s.setLong(8, watermark);
            s.executeUpdate();
        }
    }

    private record Previous(YearMonth period, long watermark) {
    }

    private static Optional<Previous> previous(Connection c, UUID org) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT period, ledger_watermark FROM billing_periods
                WHERE organization_id = ? AND status = 'closed' ORDER BY period DESC LIMIT 1""")) {
            s.setObject(1, org);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Previous(YearMonth.parse(r.getString(1)), r.getLong(2))) : Optional.empty();
            }
        }
    }

    /** The organization's last closed period, if any. */
    public Optional<YearMonth> lastClosed(UUID org) {
        return inTransaction(c -> previous(c, org).map(Previous::period));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; so is its transaction
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("closing failed in the database: " + e.getMessage(), e);
        }
    }
}
