package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.redis.RedisTopology;
import io.gatehouse.testing.RedisCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Usage batches on a real Redis Cluster ({@link RedisCluster#shared()}) whose stream master dies: the recorder with
 * its real journal, spool and {@link RedisStreamSender} waiting for one replica ({@code WAIT 1}), as the gateway runs
 * it in cluster mode. Redis replicates asynchronously, so without the wait a batch the master acknowledged just before
 * a SIGKILL can be missing on the replica that takes over; with it, the recorder forgets a batch only once the replica
 * has it, and sends everything else again (billing counts an event id once, so the stream may hold a copy twice).
 * The killed master comes back as its successor's replica; until then the successor has no replica, and batches wait
 * in the spool.
 */
class UsageOnRedisClusterFailoverTest {

    private static final Logger LOG = Logger.getLogger(UsageOnRedisClusterFailoverTest.class);
    private static final RedisStreamSender.ReplicaAcks ONE_REPLICA =
            new RedisStreamSender.ReplicaAcks(1, Duration.ofMillis(200));

    private static RedisCluster cluster;
    private static Vertx vertx;
    private static Redis redis;

    @TempDir
    Path dir;

    private final UuidV7Generator ids = new UuidV7Generator();
    private final List<RedisCluster.Node> killed = new ArrayList<>();
    private UsageRecorder recorder;
    private UsageMetrics metrics;
    private String key;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.shared();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisTopology(RedisClientType.CLUSTER,
                List.of(cluster.seeds().split(",")), null, Optional.empty()).options());
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        key = RedisStreamSender.streamKey("clfo-" + UUID.randomUUID().toString().substring(0, 8));
        metrics = new UsageMetrics(new SimpleMeterRegistry());
        RedisStreamSender sender = new RedisStreamSender(redis, vertx, List.of(key), 1_000_000, Duration.ofSeconds(1),
                ONE_REPLICA);
        recorder = new UsageRecorder("node-a",
                new UsageRecorder.Options(100_000, 50, Duration.ofMillis(20), Duration.ofMillis(200)), sender,
                UsageSpool.open(dir.resolve("spool"), 64 << 20, 1 << 20),
                UsageJournal.open(dir.resolve("journal"), 1 << 20), metrics);
        recorder.start();
    }

    @AfterEach
    void tearDown() {
        recorder.close(Duration.ofSeconds(5));
        // The shared cluster must be whole again for the next test: a killed master rejoins as its successor's replica.
        killed.forEach(cluster::restart);
        UsageStream.delete(redis, key);
    }

    @RepeatedTest(value = 3, name = "run {currentRepetition} of {totalRepetitions}")
    void every_answered_call_is_in_the_stream_after_its_master_is_killed_at_a_random_moment_during_writes()
            throws Exception {
        RedisCluster.Node master = cluster.masterOf(key);
        long killAfterMs = ThreadLocalRandom.current().nextLong(300, 1_500);
        Set<String> recorded = new HashSet<>();
        long start = System.nanoTime();
        boolean killedYet = false;
        long killedAt = 0;
        // About 2,000 events a second, for a second beyond the kill: some batches are in flight when the master dies,
        // and later ones meet the dead master or the failover.
        while (!killedYet || System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(1)) {
            recorded.addAll(record(20));
            Thread.sleep(10);
            if (!killedYet && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(killAfterMs)) {
                cluster.kill(master);
                killed.add(master);
                killedYet = true;
                killedAt = System.nanoTime();
            }
        }
        cluster.awaitHealthy(Duration.ofSeconds(30));
        // The promoted replica is a master without a replica of its own: nothing it takes is safe from the next crash,
        // so the recorder keeps every batch until a replica has it.
        await("batches the replica-less master took are kept", Duration.ofSeconds(20),
                () -> metrics.unreplicatedCount() > 0);
        cluster.restart(master);
        killed.remove(master);

        await("the recorder sent everything it journalled, spooled or buffered", Duration.ofSeconds(60),
                () -> recorder.buffered() == 0 && recorder.spoolBytes() == 0
                        && distinct(streamIds()).containsAll(recorded));

        List<String> inStream = streamIds();
        Set<String> distinct = distinct(inStream);
        assertEquals(recorded, distinct, "the stream holds every recorded event and nothing else");
        assertEquals(0, metrics.droppedCount(), "no event was dropped");
        LOG.infof("killed %s after %d ms: %d events recorded, %d stream copies (%d sent again), %d spooled, "
                        + "%d batches unreplicated", master, killAfterMs, recorded.size(), inStream.size(),
                inStream.size() - distinct.size(), (long) metrics.spooledCount(),
                (long) metrics.unreplicatedCount());
    }

    @Test
    void a_batch_the_replica_has_not_acknowledged_is_kept_and_sent_again_once_the_replica_answers() throws Exception {
        RedisCluster.Node master = cluster.masterOf(key);
        RedisCluster.Node replica = cluster.replicaOf(master);
        List<String> recorded;
        cluster.freeze(replica);
        try {
            recorded = record(10);
            recorder.flush().get(5, TimeUnit.SECONDS);
        } finally {
            cluster.thaw(replica);
        }
        assertTrue(metrics.unreplicatedCount() >= 1, "the master's WAIT counted no replica, so the batch was not sent");
        assertEquals(0, metrics.sentCount(), "no batch counts as sent while its replica is silent");
        assertEquals(recorded.size(), (long) metrics.spooledCount(), "the batch waits in the spool");

        await("the spool was replayed once the replica acknowledged", Duration.ofSeconds(20),
                () -> recorder.spoolBytes() == 0 && metrics.replayedCount() >= recorded.size());
        assertEquals(Set.copyOf(recorded), distinct(streamIds()),
                "the stream holds each event (the master's first copy, maybe a second)");
        cluster.awaitHealthy(Duration.ofSeconds(30));
    }

    @Test
    void a_full_stream_still_refuses_a_batch_as_full_when_batches_wait_for_a_replica() throws Exception {
        RedisStreamSender capped = new RedisStreamSender(redis, vertx, List.of(key), 1, Duration.ofSeconds(2),
                ONE_REPLICA);
        // The first may be refused as unreplicated on a starved machine (its copy stays): the cap counts copies.
        try {
            capped.send(UsageBatch.ofEncoded("node-a", List.of("{\"id\":\"1\"}"))).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertInstanceOf(RedisStreamSender.NotReplicatedException.class, e.getCause(), e.toString());
        }
        ExecutionException refused = assertThrows(ExecutionException.class, () -> capped.send(
                UsageBatch.ofEncoded("node-a", List.of("{\"id\":\"2\"}"))).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(RedisStreamSender.StreamFullException.class, refused.getCause(), refused.toString());
        assertEquals(1, UsageStream.entries(redis, key).size(), "the cap held");
    }

    private List<String> record(int n) {
        List<String> made = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UUID id = ids.next(System.currentTimeMillis());
            recorder.record(new UsageEvent(id, Instant.now(), "node-a", null, "app-1", null, null, "api-1", "r-1",
                    null, null, "GET", 200, UsageOutcome.FORWARDED, 3, 2, 0, 100));
            made.add(id.toString());
        }
        return made;
    }

    private List<String> streamIds() {
        try {
            return UsageStream.events(redis, key).stream().map(e -> e.getString("id")).toList();
        } catch (RuntimeException e) {
            // The failover may still be settling for the test's own client.
            return List.of();
        }
    }

    private static Set<String> distinct(List<String> ids) {
        return new HashSet<>(ids);
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }
}
