package io.gatehouse.billing.ledger;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Writes batches of usage events into the ledger: the events, and the minute, hour and day rollups
 * (UTC buckets) of exactly the events that were new, in one PostgreSQL transaction.
 *
 * <p>It is one statement: the events arrive as arrays ({@code unnest}), {@code INSERT … ON CONFLICT
 * (event_id) DO NOTHING RETURNING} yields the rows actually inserted, and only those feed the
 * rollup upsert. Recording the same events again therefore changes nothing. Rows are written in
 * key order so that two consumers recording overlapping batches cannot deadlock.
 *
 * <p>The transaction is a plain JDBC one, not JTA: there is one resource, and a failed rollback on
 * a connection that died with PostgreSQL should be one line in the consumer's outage log, not a
 * transaction manager warning per attempt.
 */
@ApplicationScoped
public class LedgerWriter {

    private static final String RECORD = """
            WITH incoming AS (
                SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[],
                                     ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::int4[], ?::text[],
                                     ?::int4[], ?::int4[], ?::int8[], ?::int8[], ?::bool[], ?::int8[], ?::int8[])
                    AS e(event_id, occurred_at, gateway_node, organization_id, application_id, subscription_id, plan_id,
                         api_id, route_id, key_id, key_prefix, method, status, outcome,
                         latency_ms, upstream_latency_ms, request_bytes, response_bytes, billable, node_epoch, node_seq)
            ), inserted AS (
                INSERT INTO usage_events (event_id, occurred_at, received_at, gateway_node, organization_id, application_id,
                                          subscription_id, plan_id, api_id, route_id, key_id, key_prefix, method, status,
                                          outcome, latency_ms, upstream_latency_ms, request_bytes, response_bytes, billable,
                                          node_epoch, node_seq)
                SELECT event_id, occurred_at, ?, gateway_node, organization_id, application_id,
                       subscription_id, plan_id, api_id, route_id, key_id, key_prefix, method, status::smallint,
                       outcome, latency_ms, upstream_latency_ms, request_bytes, response_bytes, billable,
                       node_epoch, node_seq
                FROM incoming ORDER BY event_id
                ON CONFLICT (event_id) DO NOTHING
                RETURNING occurred_at, organization_id, application_id, api_id, plan_id, status, billable,
                          request_bytes, response_bytes, latency_ms
            ), buckets AS (
                SELECT g.granularity, date_trunc(g.granularity, i.occurred_at, 'UTC') AS bucket_start,
                       i.organization_id, i.application_id, i.api_id, i.plan_id, (i.status / 100)::smallint AS status_class,
                       count(*) AS requests, count(*) FILTER (WHERE i.billable) AS billable_requests,
                       sum(i.request_bytes) AS request_bytes, sum(i.response_bytes) AS response_bytes,
                       sum(i.latency_ms) AS latency_ms_sum
                FROM inserted i CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS g(granularity)
                GROUP BY 1, 2, 3, 4, 5, 6, 7
            ), rolled AS (
                INSERT INTO usage_rollups (granularity, bucket_start, organization_id, application_id, api_id, plan_id,
                                           status_class, requests, billable_requests, request_bytes, response_bytes,
                                           latency_ms_sum)
                SELECT * FROM buckets
                ORDER BY granularity, bucket_start, organization_id, application_id, api_id, plan_id, status_class
                ON CONFLICT (granularity, bucket_start, organization_id, application_id, api_id, plan_id, status_class)
                DO UPDATE SET requests = usage_rollups.requests + EXCLUDED.requests,
                              billable_requests = usage_rollups.billable_requests + EXCLUDED.billable_requests,
                              request_bytes = usage_rollups.request_bytes + EXCLUDED.request_bytes,
                              response_bytes = usage_rollups.response_bytes + EXCLUDED.response_bytes,
                              latency_ms_sum = usage_rollups.latency_ms_sum + EXCLUDED.latency_ms_sum
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM rolled)""";

    private final AgroalDataSource db;
    private final Clock clock;

    public LedgerWriter(AgroalDataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What recording a batch changed. {@code duplicates} were already in the ledger and changed nothing. */
    public record Recorded(int inserted, int duplicates) {
    }

    /**
     * Records the events (each id at most once in {@code events}) and their rollups, atomically.
     *
     * @throws MalformedEntryException    when PostgreSQL refuses the data itself (SQLSTATE classes 22
     *                                    and 23): retrying could never succeed
     * @throws LedgerUnavailableException for every other failure (connection, timeout, deadlock); the
     *                                    transaction is rolled back and the batch may be retried as is
     */
    public Recorded record(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return new Recorded(0, 0);
        }
        List<UsageEvent> sorted = events.stream().sorted(Comparator.comparing(UsageEvent::id)).toList();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Recorded recorded = record(c, sorted);
                c.commit();
                return recorded;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                throw new MalformedEntryException("PostgreSQL refused the events: " + e.getMessage());
            }
            throw new LedgerUnavailableException(e);
        }
    }

    private Recorded record(Connection c, List<UsageEvent> sorted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RECORD)) {
            int p = 1;
            s.setArray(p++, array(c, "text", sorted, e -> e.id().toString()));
            s.setArray(p++, array(c, "text", sorted, e -> e.occurredAt().toString()));
            s.setArray(p++, array(c, "text", sorted, UsageEvent::node));
            s.setArray(p++, array(c, "text", sorted, e -> e.organizationId().toString()));
            s.setArray(p++, array(c, "text", sorted, e -> e.applicationId().toString()));
            s.setArray(p++, array(c, "text", sorted, e -> e.subscriptionId().toString()));
            s.setArray(p++, array(c, "text", sorted, e -> e.planId().toString()));
            s.setArray(p++, array(c, "text", sorted, e -> e.apiId().toString()));
            s.setArray(p++, array(c, "text", sorted, e -> e.routeId().toString()));
            s.setArray(p++, array(c, "text", sorted, e -> e.keyId().toString()));
            s.setArray(p++, array(c, "text", sorted, UsageEvent::keyPrefix));
            s.setArray(p++, array(c, "text", sorted, UsageEvent::method));
            s.setArray(p++, array(c, "int4", sorted, UsageEvent::status));
            s.setArray(p++, array(c, "text", sorted, UsageEvent::outcome));
            s.setArray(p++, array(c, "int4", sorted, UsageEvent::latencyMs));
            s.setArray(p++, array(c, "int4", sorted, UsageEvent::upstreamMs));
            s.setArray(p++, array(c, "int8", sorted, UsageEvent::requestBytes));
            s.setArray(p++, array(c, "int8", sorted, UsageEvent::responseBytes));
            s.setArray(p++, array(c, "bool", sorted, UsageEvent::billable));
            s.setArray(p++, array(c, "int8", sorted, UsageEvent::epoch));
            s.setArray(p++, array(c, "int8", sorted, UsageEvent::seq));
            s.setObject(p, clock.instant().atOffset(ZoneOffset.UTC));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                int inserted = r.getInt(1);
                return new Recorded(inserted, sorted.size() - inserted);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is gone, and its transaction with it; the original failure is what matters.
        }
    }

    private static Array array(Connection c, String type, List<UsageEvent> events, Function<UsageEvent, Object> column)
            throws SQLException {
        Object[] values = switch (type) {
            case "int4" -> new Integer[events.size()];
            case "int8" -> new Long[events.size()];
            case "bool" -> new Boolean[events.size()];
            default -> new String[events.size()];
        };
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(events.get(i));
        }
        return c.createArrayOf(type, values);
    }
}
