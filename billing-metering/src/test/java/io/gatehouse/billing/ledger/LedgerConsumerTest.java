package io.gatehouse.billing.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.testing.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.gatehouse.billing.ledger.TestEvents.entry;
import static io.gatehouse.billing.ledger.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = CuttableStoresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_ledger_test"))
class LedgerConsumerTest {

    static final Instant T0 = Instant.parse("2026-11-30T22:00:00Z");

    @Inject
    LedgerConsumer consumer;

    @Inject
    UsageStream stream;

    @Inject
    UsageBatchDecoder decoder;

    @Inject
    LedgerWriter writer;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    CuttableStoresResource.Stores stores;

    StreamCommands<String, String, String> streams;

    @BeforeEach
    void empty_ledger_and_stream() throws SQLException {
        assertNotNull(stores, "the test resource injects the store proxies");
        consumer.stop();
        stores.postgres().restore();
        stores.redis().restore();
        streams = redis.stream(String.class, String.class, String.class);
        redis.key().del(stream.key(), stream.deadLetterKey());
        stream.ensureGroup();
        sql("TRUNCATE usage_events, usage_rollups");
    }

    @AfterEach
    void stores_back() {
        consumer.stop();
        stores.postgres().restore();
        stores.redis().restore();
    }

    @Test
    void trimming_never_removes_an_entry_the_group_has_not_acknowledged() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(streams.xadd(stream.key(), Map.of("x", Integer.toString(i))));
        }
        // 150 delivered to a consumer of the group, 100 of them acknowledged; 150 never delivered.
        List<StreamMessage<String, String, String>> delivered = streams.xreadgroup(UsageStream.GROUP, "trim-test",
                stream.key(), ">", new XReadGroupArgs().count(150));
        assertEquals(150, delivered.size());
        for (int i = 0; i < 100; i++) {
            streams.xack(stream.key(), UsageStream.GROUP, ids.get(i));
        }
        stream.trimAcknowledged();
        List<String> left = streams.xrange(stream.key(), StreamRange.of("-", "+")).stream().map(StreamMessage::id).toList();
        assertTrue(left.containsAll(ids.subList(100, 300)), "every pending and undelivered entry stays");
        assertTrue(left.size() < 300, "acknowledged entries go: " + left.size() + " left");

        for (int i = 100; i < 150; i++) {
            streams.xack(stream.key(), UsageStream.GROUP, ids.get(i));
        }
        stream.trimAcknowledged();
        left = streams.xrange(stream.key(), StreamRange.of("-", "+")).stream().map(StreamMessage::id).toList();
        assertTrue(left.containsAll(ids.subList(150, 300)), "entries never delivered stay, however long billing was away");
    }

    @Test
    void counts_an_event_delivered_twice_once() throws SQLException {
        UUID id = UUID.randomUUID();
        double inserted = counter("usage.events.inserted");
        double duplicates = counter("usage.events.duplicates");
        xadd(List.of(event(id, T0, 200, "forwarded")));
        xadd(List.of(event(id, T0, 200, "forwarded")));

        LedgerConsumer.Cycle done = consumer.drain();

        assertEquals(2, done.entries());
        assertEquals(1, done.inserted());
        assertEquals(1, done.duplicates());
        assertEquals(1, count("SELECT count(*) FROM usage_events"));
        assertEquals(1, count("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'minute'"));
        assertEquals(1, count("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'hour'"));
        assertEquals(1, count("SELECT sum(billable_requests) FROM usage_rollups WHERE granularity = 'day'"));
        assertEquals(1, counter("usage.events.inserted") - inserted);
        assertEquals(1, counter("usage.events.duplicates") - duplicates);
        assertEquals(0, pending());
    }

    @Test
    void reports_the_backlog_of_the_group() {
        xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded")));
        xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded")));
        streams.xreadgroup(UsageStream.GROUP, "billing-other:8083", stream.key(), ">", new XReadGroupArgs().count(1));
        xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded")));

        long[] backlog = stream.backlog();

        assertEquals(1, backlog[0], "pending: delivered, not acknowledged");
        assertEquals(2, backlog[1], "lag: not yet delivered to the group");
    }

    @Test
    void rollups_agree_with_raw_events() throws SQLException {
        Random random = new Random(42);
        UUID[] orgs = {UUID.randomUUID(), UUID.randomUUID(), null};
        UUID[] apis = {UUID.randomUUID(), UUID.randomUUID()};
        UUID[] plans = {UUID.randomUUID(), UUID.randomUUID()};
        int[] statuses = {200, 200, 201, 204, 301, 304, 400, 401, 404, 429, 500, 502, 504};
        String[] outcomes = {"forwarded", "forwarded", "cache-hit", "denied", "upstream-error", "error"};
        List<ObjectNode> events = new ArrayList<>();
        Map<Instant, Long> expectedPerHour = new TreeMap<>();
        long expectedBillable = 0;
        for (int i = 0; i < 3_000; i++) {
            int o = random.nextInt(orgs.length);
            UUID org = orgs[o];
            UUID app = org == null ? null : UUID.nameUUIDFromBytes(("app" + org + random.nextInt(2)).getBytes());
            // Three hours around midnight, so minute, hour and day buckets all split.
            Instant ts = T0.plusMillis(random.nextInt(3 * 3_600_000));
            int status = statuses[random.nextInt(statuses.length)];
            String outcome = outcomes[random.nextInt(outcomes.length)];
            events.add(event(UUID.randomUUID(), ts, org, app, apis[random.nextInt(2)],
                    org == null ? null : plans[random.nextInt(2)], status, outcome, random.nextInt(900)));
            expectedPerHour.merge(ts.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
            if ((outcome.equals("forwarded") || outcome.equals("cache-hit")) && status < 400) {
                expectedBillable++;
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            xadd(events.subList(from, Math.min(events.size(), from + 500)));
        }
        // Some redelivered: they must not count twice.
        xadd(events.subList(100, 400));

        LedgerConsumer.Cycle done = consumer.drain();

        assertEquals(3_000, done.inserted());
        assertEquals(300, done.duplicates());
        assertEquals(3_000, count("SELECT count(*) FROM usage_events"));
        assertEquals(expectedBillable, count("SELECT count(*) FROM usage_events WHERE billable"));
        for (String granularity : List.of("minute", "hour", "day")) {
            String fromEvents = rows("""
                    SELECT date_trunc('%s', occurred_at, 'UTC'), organization_id, application_id, api_id, plan_id,
                           status / 100, count(*), count(*) FILTER (WHERE billable), sum(request_bytes),
                           sum(response_bytes), sum(latency_ms)
                    FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6""".formatted(granularity));
            String fromRollups = rows("""
                    SELECT bucket_start, organization_id, application_id, api_id, plan_id, status_class, requests,
                           billable_requests, request_bytes, response_bytes, latency_ms_sum
                    FROM usage_rollups WHERE granularity = '%s' ORDER BY 1, 2, 3, 4, 5, 6""".formatted(granularity));
            assertEquals(fromEvents, fromRollups, granularity + " rollups");
        }
        Map<Instant, Long> hourRollups = new TreeMap<>();
        try (Connection c = direct(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT bucket_start, sum(requests) FROM usage_rollups WHERE granularity = 'hour' GROUP BY 1")) {
            while (r.next()) {
                hourRollups.put(r.getTimestamp(1).toInstant(), r.getLong(2));
            }
        }
        assertEquals(expectedPerHour, hourRollups, "hour buckets are UTC hours");
        assertEquals(2, count("SELECT count(DISTINCT bucket_start) FROM usage_rollups WHERE granularity = 'day'"));
        assertTrue(count("SELECT count(*) FROM usage_rollups WHERE organization_id = '00000000-0000-0000-0000-000000000000'") > 0,
                "unknown parties are the nil UUID");
        assertEquals(0, pending());
    }

    @Test
    void a_crash_between_commit_and_ack_is_a_harmless_redelivery() throws SQLException {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(UUID.randomUUID(), T0.plusSeconds(i), 200, "forwarded"));
        }
        xadd(events);
        // The consumer reads the entry and commits it, then dies before XACK.
        List<StreamMessage<String, String, String>> read = streams.xreadgroup(UsageStream.GROUP, stream.consumer(),
                stream.key(), ">", new XReadGroupArgs().count(1));
        assertEquals(1, read.size());
        writer.record(decoder.decode(read.get(0).id(), read.get(0).payload()).events());
        assertEquals(5, count("SELECT count(*) FROM usage_events"));
        assertEquals(1, pending());

        // Restarted, it finds the entry still pending on its name and handles it again.
        LedgerConsumer.Cycle done = consumer.processOnce();

        assertEquals(1, done.entries());
        assertEquals(0, done.inserted());
        assertEquals(5, done.duplicates());
        assertEquals(5, count("SELECT count(*) FROM usage_events"));
        assertEquals(5, count("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'hour'"));
        assertEquals(5, count("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'minute'"));
        assertEquals(0, pending());
    }

    @Test
    void claims_entries_left_pending_by_a_dead_consumer() throws SQLException {
        xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded"), event(UUID.randomUUID(), T0, 503, "error")));
        String dead = "billing-dead:8083";
        assertEquals(1, streams.xreadgroup(UsageStream.GROUP, dead, stream.key(), ">", new XReadGroupArgs().count(10)).size());
        Instant deliveredAt = Instant.now();

        // Younger than claim-after (2 s): it still belongs to the other consumer.
        assertEquals(0, consumer.processOnce().entries());
        assertEquals(0, count("SELECT count(*) FROM usage_events"));
        assertEquals(Map.of(dead, 1L), streams.xpending(stream.key(), UsageStream.GROUP).getConsumers());

        await(Duration.ofSeconds(10), "the entry to be claimed", () -> consumer.processOnce().entries() > 0);

        assertTrue(Duration.between(deliveredAt, Instant.now()).toMillis() >= 1_900, "claimed only after claim-after");
        assertEquals(2, count("SELECT count(*) FROM usage_events"));
        assertEquals(1, count("SELECT sum(billable_requests) FROM usage_rollups WHERE granularity = 'day'"));
        assertEquals(0, pending());
    }

    @Test
    void a_malformed_entry_goes_to_the_dead_letter_stream_and_does_not_block() throws Exception {
        double rejectedEntries = registry.counter("usage.events.rejected", "kind", "entry").count();
        double rejectedEvents = registry.counter("usage.events.rejected", "kind", "event").count();
        xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded")));
        String badJson = streams.xadd(stream.key(), Map.of("v", "1", "n", "1", "events", "[{\"id\":", "node", "gw-1"));
        String future = streams.xadd(stream.key(), Map.of("v", "2", "n", "0", "events", "[]", "node", "gw-1"));
        ObjectNode badStatus = event(UUID.randomUUID(), T0, 200, "forwarded").put("status", 999);
        String mixed = xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded"), badStatus,
                event(UUID.randomUUID(), T0, 404, "denied")));
        xadd(List.of(event(UUID.randomUUID(), T0, 201, "cache-hit")));

        LedgerConsumer.Cycle done = consumer.drain();

        assertEquals(5, done.entries());
        assertEquals(4, count("SELECT count(*) FROM usage_events"), "every valid event, before and after the bad ones");
        assertEquals(0, pending());
        List<StreamMessage<String, String, String>> dead = streams.xrange(stream.deadLetterKey(), StreamRange.of("-", "+"));
        assertEquals(3, dead.size());
        assertEquals(badJson, dead.get(0).payload().get("dead-source-id"));
        assertTrue(dead.get(0).payload().get("dead-reason").contains("not JSON"), dead.get(0).payload().toString());
        assertEquals("[{\"id\":", dead.get(0).payload().get("events"), "the entry is kept verbatim");
        assertEquals(future, dead.get(1).payload().get("dead-source-id"));
        assertTrue(dead.get(1).payload().get("dead-reason").contains("version"));
        assertEquals(mixed, dead.get(2).payload().get("dead-source-id"));
        assertEquals("1", dead.get(2).payload().get("n"));
        assertTrue(dead.get(2).payload().get("dead-reasons").contains("status"), dead.get(2).payload().toString());
        assertEquals(badStatus.toString(), TestEvents.JSON.readTree(dead.get(2).payload().get("events")).get(0).toString());
        assertEquals(2, registry.counter("usage.events.rejected", "kind", "entry").count() - rejectedEntries);
        assertEquals(1, registry.counter("usage.events.rejected", "kind", "event").count() - rejectedEvents);
    }

    @Test
    void nothing_is_acknowledged_when_the_database_is_down() throws SQLException {
        double acked = counter("usage.batches.acked");
        for (int batch = 0; batch < 3; batch++) {
            List<ObjectNode> events = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                events.add(event(UUID.randomUUID(), T0.plusSeconds(batch * 60L + i), 200, "forwarded"));
            }
            xadd(events);
        }
        stores.postgres().cut();

        for (int attempt = 0; attempt < 3; attempt++) {
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, consumer::processOnce);
            assertEquals(LedgerMetrics.Store.DATABASE, e.store());
        }

        assertEquals(3, pending(), "every entry read stays pending");
        assertEquals(acked, counter("usage.batches.acked"), "nothing acknowledged");
        assertEquals(0, count("SELECT count(*) FROM usage_events"));

        stores.postgres().restore();
        LedgerConsumer.Cycle done = consumer.drain();

        assertEquals(12, done.inserted());
        assertEquals(0, done.duplicates());
        assertEquals(12, count("SELECT count(*) FROM usage_events"));
        assertEquals(12, count("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'hour'"));
        assertEquals(3, count("SELECT count(*) FROM usage_rollups WHERE granularity = 'minute'"));
        assertEquals(3, counter("usage.batches.acked") - acked);
        assertEquals(0, pending());
    }

    @Test
    void resumes_by_itself_after_postgresql_and_redis_come_back() throws SQLException {
        double dbOutages = registry.counter("usage.consumer.outages", "store", "database").count();
        double dbErrors = registry.counter("usage.consumer.errors", "store", "database").count();
        double redisOutages = registry.counter("usage.consumer.outages", "store", "redis").count();
        xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded"), event(UUID.randomUUID(), T0, 200, "forwarded")));
        stores.postgres().cut();
        consumer.start();

        await(Duration.ofSeconds(10), "several failed attempts",
                () -> registry.counter("usage.consumer.errors", "store", "database").count() - dbErrors >= 3);
        assertEquals(1, registry.counter("usage.consumer.outages", "store", "database").count() - dbOutages,
                "one outage, however many attempts");
        assertEquals(0, count("SELECT count(*) FROM usage_events"));

        stores.postgres().restore();
        await(Duration.ofSeconds(15), "the ledger to catch up", () -> count("SELECT count(*) FROM usage_events") == 2);

        stores.redis().cut();
        await(Duration.ofSeconds(10), "the consumer to notice Redis is gone",
                () -> registry.counter("usage.consumer.outages", "store", "redis").count() - redisOutages == 1);
        stores.redis().restore();
        await(Duration.ofSeconds(15), "an entry written after Redis came back to be recorded", () -> {
            try {
                xadd(List.of(event(UUID.randomUUID(), T0, 200, "forwarded")));
            } catch (RuntimeException stillReconnecting) {
                return false;
            }
            return true;
        });
        await(Duration.ofSeconds(15), "the ledger to catch up", () -> count("SELECT count(*) FROM usage_events") == 3);
        consumer.stop();
        assertEquals(0, pending());
    }

    private String xadd(List<ObjectNode> events) {
        return streams.xadd(stream.key(), entry(events));
    }

    private long pending() {
        return streams.xpending(stream.key(), UsageStream.GROUP).getPendingCount();
    }

    private double counter(String name) {
        return registry.counter(name).count();
    }

    private Connection direct() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + PostgresDatabase.HOST + ":" + PostgresDatabase.PORT
                + "/" + stores.database(), PostgresDatabase.USER, "");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long count(String query) {
        try (Connection c = direct(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String rows(String query) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = direct(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(r.getString(i)).append(i < columns ? "," : "\n");
                }
            }
        }
        return out.toString();
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
