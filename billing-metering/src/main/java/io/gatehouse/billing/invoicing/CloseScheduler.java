package io.gatehouse.billing.invoicing;

import io.agroal.api.AgroalDataSource;
import io.gatehouse.billing.ledger.UsageEvent;
import io.gatehouse.billing.planfeed.ManagementUnavailableException;
import io.gatehouse.billing.planfeed.PlanCatalog;
import io.gatehouse.billing.planfeed.PlanFeed;
import io.gatehouse.billing.problem.BillingProblem;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every {@code gatehouse.billing.close-check-every} (60 s), closes each period whose grace window
 * has passed, organization by organization, oldest first. An organization's first period is the
 * month (UTC) of its first billable usage or first subscription activation. When management
 * cannot be asked, nothing closes and the next run tries again (logged once per outage).
 */
@ApplicationScoped
public class CloseScheduler {

    private static final Logger LOG = Logger.getLogger(CloseScheduler.class);

    private final PeriodCloser closer;
    private final PlanFeed feed;
    private final AgroalDataSource db;
    private final Clock clock;
    private volatile boolean waiting;

    public CloseScheduler(PeriodCloser closer, PlanFeed feed, AgroalDataSource db, Clock clock) {
        this.closer = closer;
        this.feed = feed;
        this.db = db;
        this.clock = clock;
    }

    @Scheduled(every = "${gatehouse.billing.close-check-every:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            int closed = closeDue();
            if (waiting) {
                LOG.info("period close: management answers again");
                waiting = false;
            }
            if (closed > 0) {
                LOG.infof("period close: %d period(s) closed", closed);
            }
        } catch (ManagementUnavailableException e) {
            if (!waiting) {
                LOG.warnf("period close waits for management (%s); retrying every run", e.getMessage());
                waiting = true;
            }
        }
    }

    /** Closes every due period of every organization, in order; returns how many closed now. */
    public int closeDue() {
        PlanCatalog catalog = feed.fetch();
        Instant now = clock.instant();
        Map<UUID, YearMonth> first = firstMonths(catalog);
        int closed = 0;
        for (Map.Entry<UUID, YearMonth> org : first.entrySet()) {
            YearMonth next = closer.lastClosed(org.getKey()).map(m -> m.plusMonths(1)).orElse(org.getValue());
            while (!now.isBefore(closer.closesAt(org.getKey(), next, catalog))) {
                try {
                    if (closer.close(org.getKey(), next, catalog).closedNow()) {
                        closed++;
                    }
                } catch (BillingProblem | ManagementUnavailableException e) {
                    // One organization's trouble (e.g. usage of a plan management no longer lists) must not hold up the others.
                    LOG.warnf("period close of %s for organization %s waits: %s", next, org.getKey(), e.getMessage());
                    break;
                }
                next = next.plusMonths(1);
            }
        }
        return closed;
    }

    private Map<UUID, YearMonth> firstMonths(PlanCatalog catalog) {
        Map<UUID, YearMonth> first = new TreeMap<>();
        for (PlanCatalog.Subscription s : catalog.subscriptions()) {
            if (s.activatedAt() != null) {
                first.merge(s.organizationId(), YearMonth.from(s.activatedAt().atOffset(ZoneOffset.UTC)),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT organization_id, min(bucket_start) FROM usage_rollups
                WHERE granularity = 'day' AND billable_requests > 0 AND organization_id <> ?
                GROUP BY organization_id""")) {
            s.setObject(1, UsageEvent.NIL);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    first.merge(r.getObject(1, UUID.class),
                            YearMonth.from(r.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)),
                            (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("period close could not read the ledger: " + e.getMessage(), e);
        }
        return first;
    }
}
