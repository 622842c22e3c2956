package io.gatehouse.billing.gaps;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds metering gaps: numbers of a gateway process's event sequence that never reached the ledger.
 *
 * <p>Every gateway process numbers its usage events 1, 2, 3 … within its epoch (its start). Events of one node arrive
 * out of order (batches travel in parallel, a spool replays later, a restarted process sends its predecessor's
 * journal), so a hole is only a gap once the event after it has been in the ledger for {@link #grace}: then it
 * becomes a row of {@code metering_gaps}, a warning in the log, and the gauges {@code usage_metering_gaps_open} and
 * {@code usage_metering_missing_events}. If the missing events arrive later after all, the gap is marked filled.
 *
 * <p>Incremental: {@code metering_watermarks} keeps, per node and epoch, the number up to which everything arrived or
 * was recorded as a gap, and each run reads only the events above it (index {@code usage_events_node_sequence_idx}).
 * One transaction-scoped advisory lock lets only one billing instance check at a time. What this cannot see: the
 * last events of an epoch, when nothing after them ever arrives (the journal is what keeps a killed process from
 * losing them).
 */
@ApplicationScoped
public class GapDetector {

    private static final Logger LOG = Logger.getLogger(GapDetector.class);
    /** {@code pg_try_advisory_xact_lock} key: "gaps" in ASCII. */
    private static final long LOCK = 0x67617073L;

    /** One gap as the admin API shows it. */
    public record Gap(String node, long epoch, long firstSeq, long lastSeq, long missing, Instant detectedAt,
                      Instant filledAt) {
    }

    private final AgroalDataSource db;
    private final Clock clock;
    private final Duration grace;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();

    public GapDetector(AgroalDataSource db, Clock clock, MeterRegistry registry,
                       @ConfigProperty(name = "gatehouse.billing.gaps.grace", defaultValue = "60s") Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("gatehouse.billing.gaps.grace must not be negative");
        }
        this.db = db;
        this.clock = clock;
        this.grace = grace;
        Gauge.builder("usage.metering.gaps.open", open, AtomicLong::get)
                .description("Metering gaps not filled: ranges of a gateway's event numbers that never arrived")
                .register(registry);
        Gauge.builder("usage.metering.missing.events", missing, AtomicLong::get)
                .description("Usage events missing in open metering gaps").register(registry);
    }

    /** How long a hole may stay open before it is a gap. */
    public Duration grace() {
        return grace;
    }

    @Scheduled(every = "${gatehouse.billing.gaps.check-every:10s}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            check();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("metering gap check failed (next run retries): %s", e.toString());
        }
    }

    /** One check: new gaps recorded, arrived ones marked filled, gauges updated. Returns the gaps found now. */
    public List<Gap> check() throws SQLException {
        Instant now = clock.instant();
        List<Gap> found = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!locked(c)) {
                    c.rollback();
                    return found;
                }
                advance(c, now, found);
                fill(c, now);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            gauges(c);
        }
        for (Gap g : found) {
            LOG.warnf("metering gap: node %s, epoch %d, events %d-%d (%d) never arrived within %s", g.node(),
                    g.epoch(), g.firstSeq(), g.lastSeq(), g.missing(), grace);
        }
        return found;
    }

    private static boolean locked(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, LOCK);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Walks every node's epoch from its watermark up through the numbers that arrived. */
    private void advance(Connection c, Instant now, List<Gap> found) throws SQLException {
        String sql = """
                SELECT e.gateway_node, e.node_epoch, e.node_seq, e.received_at, coalesce(w.checked_to, 0)
                FROM usage_events e
                LEFT JOIN metering_watermarks w ON w.gateway_node = e.gateway_node AND w.node_epoch = e.node_epoch
                WHERE e.node_epoch IS NOT NULL AND e.node_seq > coalesce(w.checked_to, 0)
                ORDER BY e.gateway_node, e.node_epoch, e.node_seq""";
        Instant ripe = now.minus(grace);
        String node = null;
        long epoch = 0;
        long checked = 0;
        boolean waiting = false;
        List<Object[]> watermarks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String n = r.getString(1);
                long ep = r.getLong(2);
                if (!n.equals(node) || ep != epoch) {
                    if (node != null) {
                        watermarks.add(new Object[]{node, epoch, checked});
                    }
                    node = n;
                    epoch = ep;
                    checked = r.getLong(5);
                    waiting = false;
                }
                if (waiting) {
                    continue;
                }
                long seq = r.getLong(3);
                if (seq == checked + 1) {
                    checked = seq;
                } else if (seq > checked + 1) {
                    if (r.getTimestamp(4).toInstant().isAfter(ripe)) {
                        // The hole may still fill: look again next run.
                        waiting = true;
                    } else {
                        Gap gap = new Gap(node, epoch, checked + 1, seq - 1, seq - 1 - checked, now, null);
                        found.add(gap);
                        checked = seq;
                    }
                }
            }
        }
        if (node != null) {
            watermarks.add(new Object[]{node, epoch, checked});
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO metering_gaps (gateway_node, node_epoch, first_seq, last_seq, missing, detected_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (Gap g : found) {
                s.setString(1, g.node());
                s.setLong(2, g.epoch());
                s.setLong(3, g.firstSeq());
                s.setLong(4, g.lastSeq());
                s.setLong(5, g.missing());
                s.setTimestamp(6, Timestamp.from(now));
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO metering_watermarks (gateway_node, node_epoch, checked_to) VALUES (?, ?, ?)
                ON CONFLICT (gateway_node, node_epoch) DO UPDATE SET checked_to = EXCLUDED.checked_to""")) {
            for (Object[] w : watermarks) {
                s.setString(1, (String) w[0]);
                s.setLong(2, (Long) w[1]);
                s.setLong(3, (Long) w[2]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Open gaps: how many of their events are still missing; those with none missing are filled now. */
    private static void fill(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE metering_gaps g SET missing = g.last_seq - g.first_seq + 1 - a.arrived,
                       filled_at = CASE WHEN a.arrived = g.last_seq - g.first_seq + 1 THEN ?::timestamptz END
                FROM (SELECT g2.gateway_node, g2.node_epoch, g2.first_seq,
                             (SELECT count(*) FROM usage_events e WHERE e.gateway_node = g2.gateway_node
                                AND e.node_epoch = g2.node_epoch AND e.node_seq BETWEEN g2.first_seq AND g2.last_seq)
                                AS arrived
                      FROM metering_gaps g2 WHERE g2.filled_at IS NULL) a
                WHERE g.gateway_node = a.gateway_node AND g.node_epoch = a.node_epoch AND g.first_seq = a.first_seq
                  AND g.filled_at IS NULL""")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    private void gauges(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*), coalesce(sum(missing), 0) FROM metering_gaps WHERE filled_at IS NULL");
             ResultSet r = s.executeQuery()) {
            r.next();
            open.set(r.getLong(1));
            missing.set(r.getLong(2));
        }
    }

    /** Gaps, newest first: {@code open} ones only, or all. */
    public List<Gap> list(boolean openOnly, int limit) throws SQLException {
        List<Gap> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT gateway_node, node_epoch, first_seq, last_seq, missing, detected_at, filled_at FROM metering_gaps"
                        + (openOnly ? " WHERE filled_at IS NULL" : "")
                        + " ORDER BY detected_at DESC, gateway_node, node_epoch, first_seq LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp filled = r.getTimestamp(7);
                    out.add(new Gap(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getTimestamp(6).toInstant(), filled == null ? null : filled.toInstant()));
                }
            }
        }
        return out;
    }
}
