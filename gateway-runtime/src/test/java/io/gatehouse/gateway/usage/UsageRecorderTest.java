package io.gatehouse.gateway.usage;

import io.gatehouse.testing.RedisNamespaceResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder with its real parts (Redis stream sender, spool on disk) and without a Quarkus app. Redis is the
 * machine's real one; to take it away, the recorder talks through a {@link CuttableTcpProxy} or to a port where
 * nothing listens.
 */
class UsageRecorderTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final URI REDIS = URI.create(RedisNamespaceResource.REDIS_URL);

    @TempDir
    Path spoolDir;

    private Vertx vertx;
    private Redis direct;
    private String key;
    private final List<UsageRecorder> recorders = new ArrayList<>();
    private final UuidV7Generator ids = new UuidV7Generator();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        direct = Redis.createClient(vertx, RedisNamespaceResource.REDIS_URL);
        key = RedisStreamSender.streamKey("test-usage-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void tearDown() {
        recorders.forEach(r -> r.close(Duration.ofSeconds(2)));
        UsageStream.delete(direct, key);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static UsageRecorder.Options options(int bufferCapacity, int batchSize, Duration flush) {
        return new UsageRecorder.Options(bufferCapacity, batchSize, flush, Duration.ofMillis(100));
    }

    /**
     * A recorder with a generous send timeout: these tests share two cores with builds, and only the
     * tests about timeouts (which pass their own) should ever see one turn a slow send into a spool.
     */
    private UsageRecorder recorder(int redisPort, UsageRecorder.Options options, long spoolMaxBytes,
                                   UsageMetrics metrics) throws Exception {
        return recorder(redisPort, options, spoolMaxBytes, metrics, Duration.ofSeconds(5));
    }

    private UsageRecorder recorder(int redisPort, UsageRecorder.Options options, long spoolMaxBytes,
                                   UsageMetrics metrics, Duration sendTimeout) throws Exception {
        return recorder(redisPort, options, spoolMaxBytes, metrics, sendTimeout, 10_000);
    }

    private UsageRecorder recorder(int redisPort, UsageRecorder.Options options, long spoolMaxBytes,
                                   UsageMetrics metrics, Duration sendTimeout, long streamCap) throws Exception {
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://" + REDIS.getHost() + ":" + redisPort));
        RedisStreamSender sender = new RedisStreamSender(client, vertx, List.of(key), streamCap, sendTimeout);
        UsageRecorder recorder = new UsageRecorder("node-a", options, sender,
                UsageSpool.open(spoolDir, spoolMaxBytes, 4096), metrics);
        recorders.add(recorder);
        return recorder;
    }

    private static UsageMetrics metrics() {
        return new UsageMetrics(new SimpleMeterRegistry());
    }

    private List<String> record(UsageRecorder recorder, int n) {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = ids.next(System.currentTimeMillis());
            recorder.record(new UsageEvent(id, Instant.now(), "node-a", null, "app-1", null, null, "api-1", "r-1",
                    null, null, "GET", 200, UsageOutcome.FORWARDED, 3, 2, 0, 100));
            made.add(id.toString());
        }
        return made;
    }

    private List<String> streamIds() {
        return UsageStream.events(direct, key).stream().map(e -> e.getString("id")).toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private long segments() throws Exception {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".spool")).count();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void a_full_stream_refuses_new_batches_and_trims_no_unread_entry_the_spool_holds_them_until_it_has_room()
            throws Exception {
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(REDIS.getPort(), options(1000, 5, Duration.ofMillis(20)), 1 << 20, metrics,
                Duration.ofSeconds(5), 2);
        recorder.start();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            made.addAll(record(recorder, 5));
            recorder.flush().get(5, TimeUnit.SECONDS);
        }
        List<UsageStream.Entry> first = UsageStream.entries(direct, key);
        assertEquals(2, first.size(), "the stream holds its cap and not one entry more");
        assertEquals(made.subList(0, 10), streamIds(), "the oldest, unread entries stay: nothing was trimmed");
        await("the refused batches wait in the spool", () -> metrics.spooledCount() >= 20);
        assertEquals(0, metrics.droppedCount());

        // Billing reads and acknowledges (and trims) the stream; the spool then drains into it.
        List<String> arrived = new ArrayList<>();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (arrived.size() < made.size() && System.nanoTime() < deadline) {
            for (UsageStream.Entry e : UsageStream.entries(direct, key)) {
                e.events().forEach(ev -> arrived.add(ev.getString("id")));
                direct.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XDEL).arg(key).arg(e.id()))
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            Thread.sleep(50);
        }
        assertEquals(made.stream().sorted().toList(), arrived.stream().sorted().toList(), "every event, once");
        assertEquals(0, metrics.droppedCount());
    }

    @Test
    void a_batch_is_one_stream_entry() throws Exception {
        UsageRecorder recorder = recorder(REDIS.getPort(), options(1000, 500, Duration.ofHours(1)), 1 << 20, metrics());
        List<String> made = record(recorder, 7);

        recorder.flush().get(5, TimeUnit.SECONDS);

        List<UsageStream.Entry> entries = UsageStream.entries(direct, key);
        assertEquals(1, entries.size());
        UsageStream.Entry entry = entries.get(0);
        assertEquals("1", entry.fields().get("v"));
        assertEquals(7, entry.n());
        assertEquals("node-a", entry.fields().get("node"));
        assertEquals(made, entry.events().stream().map(e -> e.getString("id")).toList());
        assertEquals(UsageEventTest.CONTRACT_FIELDS, List.copyOf(entry.events().get(0).fieldNames()));
    }

    @Test
    void a_batch_holds_at_most_batch_size_events() throws Exception {
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(REDIS.getPort(), options(1000, 5, Duration.ofHours(1)), 1 << 20, metrics);
        List<String> made = record(recorder, 12);

        recorder.flush().get(5, TimeUnit.SECONDS);

        List<UsageStream.Entry> entries = UsageStream.entries(direct, key);
        assertEquals(List.of(5, 5, 2), entries.stream().map(UsageStream.Entry::n).sorted((a, b) -> b - a).toList());
        assertEquals(made.stream().sorted().toList(), streamIds().stream().sorted().toList());
        assertEquals(12, metrics.sentCount());
    }

    @Test
    void the_timer_sends_what_was_recorded_without_being_asked() throws Exception {
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(REDIS.getPort(), options(1000, 500, Duration.ofMillis(50)), 1 << 20, metrics);
        recorder.start();

        List<String> made = record(recorder, 3);

        await("3 events on the stream", () -> streamIds().size() == 3);
        // The stream can show the entry a moment before the worker has counted it.
        await("3 events counted as sent", () -> metrics.sentCount() == 3);
        assertEquals(made, streamIds());
        assertEquals(3, metrics.recordedCount());
        assertEquals(0, recorder.buffered());
    }

    @Test
    void full_batches_go_out_as_fast_as_redis_answers_not_once_per_interval() throws Exception {
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(REDIS.getPort(), options(10_000, 10, Duration.ofHours(1)), 1 << 20, metrics);
        recorder.start();

        record(recorder, 2_000);

        await("2000 events sent with no flush timer", () -> metrics.sentCount() == 2_000);
        assertEquals(200, UsageStream.entries(direct, key).size());
    }

    @Test
    void events_are_spooled_while_redis_is_unreachable_and_replayed_when_it_returns() throws Exception {
        UsageMetrics metrics = metrics();
        try (CuttableTcpProxy proxy = CuttableTcpProxy.start(vertx, REDIS.getHost(), REDIS.getPort())) {
            UsageRecorder recorder = recorder(proxy.port(), options(1000, 4, Duration.ofMillis(50)), 1 << 20, metrics);
            recorder.start();
            List<String> made = new ArrayList<>(record(recorder, 3));
            await("the first events to arrive", () -> streamIds().size() == 3);

            proxy.cut();
            made.addAll(record(recorder, 10));
            await("10 events in the spool", () -> metrics.spooledCount() == 10);
            assertEquals(3, streamIds().size(), "nothing reaches the stream while Redis is away");
            assertTrue(recorder.spoolBytes() > 0);
            Thread.sleep(300); // several replay attempts fail meanwhile, and lose nothing
            assertEquals(10, metrics.spooledCount());

            proxy.restore();
            await("the spool to be replayed", () -> metrics.replayedCount() == 10);
            made.addAll(record(recorder, 2));
            await("all 15 events on the stream", () -> streamIds().size() == 15);
            await("5 events counted as sent", () -> metrics.sentCount() == 5);

            List<String> onStream = streamIds();
            assertEquals(made.stream().sorted().toList(), onStream.stream().sorted().toList(),
                    "every event exactly once");
            assertEquals(0, recorder.spoolBytes());
            assertEquals(0, segments(), "replayed segments are deleted");
            assertEquals(15, metrics.recordedCount());
            assertEquals(5, metrics.sentCount());
            assertEquals(0, metrics.droppedCount());
        }
    }

    @Test
    void a_redis_that_never_answers_counts_as_away_after_the_send_timeout() throws Exception {
        // Accepts connections and reads everything, answers nothing: what a hung Redis looks like.
        io.vertx.core.net.NetServer silent = vertx.createNetServer().connectHandler(socket -> socket.handler(b -> { }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(silent.actualPort(), options(1000, 500, Duration.ofHours(1)), 1 << 20, metrics,
                Duration.ofSeconds(2));
        record(recorder, 4);

        long start = System.nanoTime();
        recorder.flush().get(10, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(4, metrics.spooledCount());
        assertTrue(tookMs >= 1_900, "settled after " + tookMs + " ms with a 2 s send timeout");
        record(recorder, 2);
        long again = System.nanoTime();
        recorder.flush().get(10, TimeUnit.SECONDS);
        long againMs = (System.nanoTime() - again) / 1_000_000;
        assertTrue(againMs < 1_500, "once Redis is away, batches go to the spool at once, not after " + againMs + " ms");
        assertEquals(6, metrics.spooledCount());
    }

    @Test
    void a_full_spool_counts_drops_instead_of_losing_silently() throws Exception {
        UsageMetrics metrics = metrics();
        long spoolMax = 4096;
        UsageRecorder recorder = recorder(freePort(), options(1000, 5, Duration.ofHours(1)), spoolMax, metrics);

        record(recorder, 200);
        recorder.flush().get(5, TimeUnit.SECONDS);

        assertTrue(metrics.spooledCount() > 0, "the spool took what fitted");
        assertTrue(metrics.droppedCount() > 0, "the rest was counted as dropped");
        assertEquals(200, metrics.spooledCount() + metrics.droppedCount(), "every event is accounted for");
        assertTrue(recorder.spoolBytes() <= spoolMax, recorder.spoolBytes() + " bytes spooled");
    }

    @Test
    void a_full_buffer_counts_drops_instead_of_blocking() throws Exception {
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(REDIS.getPort(), options(20, 500, Duration.ofHours(1)), 1 << 20, metrics);

        record(recorder, 30);

        assertEquals(30, metrics.recordedCount());
        assertEquals(10, metrics.droppedCount());
        assertEquals(20, recorder.buffered());
    }

    @Test
    void shutdown_flushes_the_buffer() throws Exception {
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(REDIS.getPort(), options(1000, 500, Duration.ofHours(1)), 1 << 20, metrics);
        recorder.start();
        List<String> made = record(recorder, 7);

        recorder.close(Duration.ofSeconds(5));

        assertEquals(made, streamIds());
        assertEquals(7, metrics.sentCount());
        record(recorder, 1);
        assertEquals(1, metrics.droppedCount(), "an event after close is counted, not lost silently");
    }

    @Test
    void shutdown_spools_the_buffer_when_redis_is_away() throws Exception {
        UsageMetrics metrics = metrics();
        UsageRecorder recorder = recorder(freePort(), options(1000, 500, Duration.ofHours(1)), 1 << 20, metrics);
        recorder.start();
        List<String> made = record(recorder, 7);

        recorder.close(Duration.ofSeconds(5));

        assertEquals(7, metrics.spooledCount());
        try (UsageSpool spool = UsageSpool.open(spoolDir, 1 << 20, 4096)) {
            UsageBatch spooled = spool.oldest().orElseThrow().batch();
            assertEquals(7, spooled.count());
            assertEquals(made, new io.vertx.core.json.JsonArray(spooled.events()).stream()
                    .map(e -> ((JsonObject) e).getString("id")).toList());
        }
    }

    @Test
    void a_restarted_recorder_replays_an_earlier_spool() throws Exception {
        UsageMetrics before = metrics();
        UsageRecorder first = recorder(freePort(), options(1000, 3, Duration.ofMillis(50)), 1 << 20, before);
        first.start();
        List<String> made = record(first, 8);
        await("8 events spooled", () -> before.spooledCount() == 8);
        first.close(Duration.ofSeconds(2));
        assertTrue(segments() > 0);

        UsageMetrics after = metrics();
        UsageRecorder restarted = recorder(REDIS.getPort(), options(1000, 3, Duration.ofMillis(50)), 1 << 20, after);
        restarted.start();

        await("the earlier spool on the stream", () -> streamIds().size() == 8);
        assertEquals(made.stream().sorted().toList(), streamIds().stream().sorted().toList(), "each event once");
        await("the spool emptied", () -> restarted.spoolBytes() == 0);
        assertEquals(8, after.replayedCount());
        assertEquals(0, segments());
        assertTrue(UsageStream.entries(direct, key).stream().allMatch(e -> "node-a".equals(e.fields().get("node"))));
    }
}
