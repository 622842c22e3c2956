package io.gatehouse.billing.ledger;

import io.gatehouse.testing.PostgresDatabase;
import io.gatehouse.testing.RedisCluster;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
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
import java.util.List;
import java.util.UUID;

import static io.gatehouse.billing.ledger.LedgerConsumerTest.T0;
import static io.gatehouse.billing.ledger.TestEvents.entry;
import static io.gatehouse.billing.ledger.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Billing's consumer on a real Redis Cluster (3 masters, 3 replicas), configured as an operator would. */
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

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    RedisCluster cluster;

    @Test
    void the_running_consumer_reads_a_usage_batch_from_the_streams_master_into_the_ledger_once() throws Exception {
        assertNotNull(cluster, "the test resource injects the cluster");
        StreamCommands<String, String, String> streams = redis.stream(String.class, String.class, String.class);
        stream.ensureGroup();
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
            while (pending(streams) > 0 || count("SELECT count(*) FROM usage_events") < 2) {
                assertTrue(System.nanoTime() < deadline, "the consumer took both entries into the ledger within 20 s");
                Thread.sleep(50);
            }
        } finally {
            consumer.stop();
        }
        assertEquals(2, count("SELECT count(*) FROM usage_events"), "each event once");
        assertEquals(2, count("SELECT count(*) FROM usage_events WHERE event_id::text IN ('" + first + "', '" + second + "')"));
        assertTrue(stream.trimAcknowledged() >= 0, "the trim script runs on the stream's master");
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
