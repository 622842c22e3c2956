package io.gatehouse.billing.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.testing.PostgresDatabase;
import io.gatehouse.testing.RedisCluster;
import io.quarkus.redis.datasource.RedisDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.gatehouse.billing.ledger.LedgerConsumerTest.T0;
import static io.gatehouse.billing.ledger.TestEvents.entry;
import static io.gatehouse.billing.ledger.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Billing's consumer on a real Redis Cluster (3 masters, 3 replicas), configured as an operator would, with the
 * usage stream in three shards.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisClusterStoresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_cluster_test"))
class LedgerConsumerOnRedisClusterTest {

    @Inject
    UsageStream stream;

    @Inject
    LedgerConsumer consumer;

    @Inject
    RedisDataSource redis;

    @Inject
    UsageBatchDecoder decoder;

    @Inject
    LedgerWriter writer;

    @Inject
    ConsumerSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    RedisCluster cluster;

    @Test
    void the_running_consumer_reads_a_usage_batch_from_the_streams_master_into_the_ledger_once() throws Exception {
        assertNotNull(cluster, "the test resource injects the cluster");
        StreamCommands<String, String, String> streams = redis.stream(String.class, String.class, String.class);
        stream.ensureGroup();
        long before = count("SELECT count(*) FROM usage_events");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        streams.xadd(stream.key(), entry(List.of(event(first, T0, 200, "forwarded"), event(second, T0, 404, "forwarded"))));
        // The same event again, as a gateway that retried after a lost answer would send it.
        streams.xadd(stream.key(), entry(List.of(event(first, T0, 200, "forwarded"))));
        assertEquals("2", cluster.cli(cluster.masterOf(stream.key()), "XLEN", stream.key()).trim(),
                "the stream lives on the master of its slot");

        // The loop as it runs in production (tests elsewhere drive it by hand): blocking group reads on the cluster.
        consumer.start();
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (pending(streams) > 0 || count("SELECT count(*) FROM usage_events") - before < 2) {
                assertTrue(System.nanoTime() < deadline, "the consumer took both entries into the ledger within 20 s");
                Thread.sleep(50);
            }
        } finally {
            consumer.stop();
        }
        assertEquals(2, count("SELECT count(*) FROM usage_events") - before, "each event once (this test's two)");
        assertEquals(2, count("SELECT count(*) FROM usage_events WHERE event_id::text IN ('" + first + "', '" + second + "')"));
        assertTrue(stream.trimAcknowledged() >= 0, "the trim script runs on the stream's master");
    }

    @Test
    void two_consumers_share_three_shards_and_record_every_event_exactly_once() throws Exception {
        StreamCommands<String, String, String> streams = redis.stream(String.class, String.class, String.class);
        assertEquals(List.of(namespace + ":usage:events", namespace + ":usage:events:{1}", namespace + ":usage:events:{2}"),
                stream.keys(), "shard 0 keeps the unsharded key; the others carry hash tags of their own");
        Set<String> slots = new HashSet<>();
        for (String key : stream.keys()) {
            slots.add(cluster.cli(cluster.masterOf(key), "CLUSTER", "KEYSLOT", key).trim());
        }
        assertEquals(3, slots.size(), "each shard in a slot of its own");
        stream.ensureGroup();
        long before = count("SELECT count(*) FROM usage_events");

        // 90 batches of 10 events, round robin over the shards as gateways send them; every 9th batch is sent again
        // to another shard (a gateway's retry after a lost answer, which the spool may route anywhere).
        List<UUID> ids = new ArrayList<>();
        for (int b = 0; b < 90; b++) {
            List<ObjectNode> events = new ArrayList<>();
            for (int e = 0; e < 10; e++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                events.add(event(id, T0, 200, "forwarded"));
            }
            streams.xadd(stream.keys().get(b % 3), entry(events));
            if (b % 9 == 0) {
                streams.xadd(stream.keys().get((b + 1) % 3), entry(events));
            }
        }
        // A third consumer takes entries of shards 1 and 2 and dies without acknowledging them: the others claim them.
        for (String key : stream.keys().subList(1, 3)) {
            assertEquals(2, streams.xreadgroup(UsageStream.GROUP, "billing-dead", key, ">",
                    new XReadGroupArgs().count(2)).size());
        }

        UsageStream otherStream = new UsageStream(redis, named("billing-two"), namespace, 3, 8083);
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        LedgerConsumer other = new LedgerConsumer(otherStream, decoder, writer, new LedgerMetrics(otherMeters),
                settings, json, clock, Duration.ofSeconds(10));
        consumer.start();
        other.start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (pendingOnAllShards(streams) > 0 || count("SELECT count(*) FROM usage_events") - before < ids.size()) {
                assertTrue(System.nanoTime() < deadline, "both consumers took all 900 events into the ledger within 30 s");
                Thread.sleep(50);
            }
        } finally {
            consumer.stop();
            other.stop();
        }
        assertEquals(ids.size(), count("SELECT count(*) FROM usage_events") - before, "each event exactly once");
        assertTrue(otherMeters.counter("usage.batches.acked").count() > 0, "the second consumer took its share");
        for (String key : stream.keys()) {
            assertEquals(0, streams.xpending(key, UsageStream.GROUP).getPendingCount(), key + " has nothing pending");
            assertEquals(List.of(), streams.xreadgroup(UsageStream.GROUP, "billing-probe", key, ">",
                    new XReadGroupArgs().count(1)), key + " has nothing undelivered");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresDatabase.USER, "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM usage_events WHERE event_id::text IN ('"
                     + String.join("','", ids.stream().map(UUID::toString).toList()) + "')")) {
            r.next();
            assertEquals(ids.size(), r.getLong(1), "the ledger holds exactly these events");
        }
        assertTrue(stream.trimAcknowledged() >= 0, "the trim script runs on every shard's master");
        assertEquals(List.of(), consumer.unreadShards(), "no shard beyond the three exists");
    }

    @Test
    void a_shard_that_billing_is_not_told_about_is_found_and_named() {
        StreamCommands<String, String, String> streams = redis.stream(String.class, String.class, String.class);
        String fifth = UsageStream.shardKey(namespace, 4);
        streams.xadd(fifth, entry(List.of(event(UUID.randomUUID(), T0, 200, "forwarded"))));
        try {
            assertEquals(List.of(fifth), stream.unreadShards(), "a gateway with five shards writes one billing does not read");
        } finally {
            redis.key(String.class).del(fifth);
        }
        assertEquals(List.of(), stream.unreadShards());
    }

    /** The test's consumer settings under another consumer name, as a second billing instance would have them. */
    private ConsumerSettings named(String name) {
        return (ConsumerSettings) java.lang.reflect.Proxy.newProxyInstance(ConsumerSettings.class.getClassLoader(),
                new Class<?>[]{ConsumerSettings.class}, (proxy, method, args) -> method.getName().equals("name")
                        ? Optional.of(name) : method.invoke(settings, args));
    }

    private long pendingOnAllShards(StreamCommands<String, String, String> streams) {
        long total = 0;
        for (String key : stream.keys()) {
            total += streams.xpending(key, UsageStream.GROUP).getPendingCount();
        }
        return total + Math.max(0, stream.backlog()[1]);
    }

    private long pending(StreamCommands<String, String, String> streams) {
        return streams.xpending(stream.key(), UsageStream.GROUP).getPendingCount()
                + Math.max(0, stream.backlog()[1]);
    }

    private long count(String query) throws SQLException {
        return Long.parseLong(text(query));
    }

    private String text(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresDatabase.USER, "");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }
}
