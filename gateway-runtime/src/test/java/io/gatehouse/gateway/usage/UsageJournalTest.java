package io.gatehouse.gateway.usage;

import io.gatehouse.testing.RedisNamespaceResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The write-ahead journal: what a recorder that dies without closing leaves behind reaches the stream through the
 * next recorder on the same directories, exactly once per event id. Real Redis, real files; a "kill" is a recorder
 * abandoned with its events in memory (its timers never fire), which is what SIGKILL leaves: the journal's written
 * records, nothing else.
 */
class UsageJournalTest {

    private static final Duration AWAIT = Duration.ofSeconds(15);

    @TempDir
    Path data;

    private Vertx vertx;
    private Redis redis;
    private String key;
    private final List<UsageRecorder> closeAfter = new ArrayList<>();
    private final UuidV7Generator ids = new UuidV7Generator();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, RedisNamespaceResource.REDIS_URL);
        key = RedisStreamSender.streamKey("test-journal-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void tearDown() {
        closeAfter.forEach(r -> r.close(Duration.ofSeconds(2)));
        UsageStream.delete(redis, key);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private UsageRecorder recorder(int bufferCapacity, Duration flush, long segmentBytes, UsageMetrics metrics)
            throws Exception {
        RedisStreamSender sender = new RedisStreamSender(redis, vertx, List.of(key), 1_000_000, Duration.ofSeconds(5));
        return new UsageRecorder("node-a", new UsageRecorder.Options(bufferCapacity, 50, flush, Duration.ofMillis(100)),
                sender, UsageSpool.open(data.resolve("spool"), 1 << 24, 1 << 20),
                UsageJournal.open(data.resolve("journal"), segmentBytes), metrics);
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
        return UsageStream.events(redis, key).stream().map(e -> e.getString("id")).toList();
    }

    private long journalFiles() throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            return files.count();
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
    void a_recorder_that_dies_with_events_in_memory_loses_none_the_next_one_sends_them_from_the_journal() throws Exception {
        UsageRecorder killed = recorder(1000, Duration.ofHours(1), 1 << 20, new UsageMetrics(new SimpleMeterRegistry()));
        killed.start();
        List<String> made = record(killed, 30); // below a batch of 50 and no timer: all of them in memory only
        assertEquals(List.of(), streamIds(), "nothing reached Redis before the 'kill'");

        UsageMetrics after = new UsageMetrics(new SimpleMeterRegistry());
        UsageRecorder next = recorder(1000, Duration.ofMillis(50), 1 << 20, after);
        closeAfter.add(next);
        next.start();

        await("the 30 events on the stream", () -> streamIds().size() >= 30);
        assertEquals(made, streamIds(), "every event once, in order");
        assertEquals(30, after.recoveredCount());
    }

    @Test
    void events_that_had_arrived_before_the_kill_may_arrive_again_but_none_is_missing() throws Exception {
        UsageRecorder killed = recorder(1000, Duration.ofMillis(20), 1 << 20, new UsageMetrics(new SimpleMeterRegistry()));
        killed.start();
        List<String> made = record(killed, 120);
        await("the first recorder's events on the stream", () -> streamIds().size() == 120);

        UsageRecorder next = recorder(1000, Duration.ofMillis(50), 1 << 20, new UsageMetrics(new SimpleMeterRegistry()));
        closeAfter.add(next);
        next.start();
        next.flush().get(5, TimeUnit.SECONDS);

        List<String> arrived = streamIds();
        assertTrue(arrived.containsAll(made), "none missing");
        assertEquals(made.size(), arrived.stream().distinct().count(), "no other ids: " + arrived.size() + " entries");
    }

    @Test
    void a_record_a_kill_cut_short_ends_its_segment_and_hides_nothing_written_before_it() throws Exception {
        UsageJournal journal = UsageJournal.open(data.resolve("journal"), 1 << 20);
        journal.append("{\"id\":\"a\"}");
        UsageJournal.Segment segment = journal.append("{\"id\":\"b\"}");
        // Half a record: a length and a CRC that promise more bytes than follow.
        Files.write(segment.path, new byte[]{0, 0, 0, 40, 1, 2, 3, 4, '{', '"'}, StandardOpenOption.APPEND);

        assertEquals(List.of("{\"id\":\"a\"}", "{\"id\":\"b\"}"), UsageJournal.read(segment.path));
    }

    @Test
    void a_segment_is_deleted_once_sealed_and_every_event_in_it_reached_redis() throws Exception {
        UsageRecorder recorder = recorder(10_000, Duration.ofMillis(20), 4096, new UsageMetrics(new SimpleMeterRegistry()));
        closeAfter.add(recorder);
        recorder.start();
        record(recorder, 500); // ~ 400 bytes each: some 50 segments of 4 KB

        await("all 500 on the stream", () -> streamIds().size() == 500);
        await("sealed segments deleted", () -> {
            try {
                return journalFiles() <= 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void events_the_full_buffer_refuses_wait_in_the_journal_and_arrive_after_the_next_start() throws Exception {
        UsageMetrics before = new UsageMetrics(new SimpleMeterRegistry());
        UsageRecorder full = recorder(10, Duration.ofHours(1), 1 << 20, before);
        full.start();
        List<String> made = record(full, 25);
        assertEquals(15, before.deferredCount(), "refused by the buffer, kept in the journal");
        assertEquals(0, before.droppedCount());
        full.close(Duration.ofSeconds(5));
        assertEquals(10, streamIds().size(), "close sent what memory held");

        UsageRecorder next = recorder(1000, Duration.ofMillis(50), 1 << 20, new UsageMetrics(new SimpleMeterRegistry()));
        closeAfter.add(next);
        next.start();
        // The segment also held the 10 that had arrived: they arrive again (billing counts an id once).
        await("all 25 on the stream", () -> streamIds().stream().distinct().count() == 25);
        assertEquals(made.stream().sorted().toList(), streamIds().stream().distinct().sorted().toList());
    }

    @Test
    void a_call_whose_head_was_being_written_when_the_process_died_is_billed_and_a_finished_one_once()
            throws Exception {
        UsageRecorder killed = recorder(1000, Duration.ofHours(1), 1 << 20, new UsageMetrics(new SimpleMeterRegistry()));
        killed.start();
        UUID headOnly = ids.next(System.currentTimeMillis());
        UUID finished = ids.next(System.currentTimeMillis());
        killed.journalAhead(event(headOnly, 0));
        UsageJournal.Segment ahead = killed.journalAhead(event(finished, 0));
        killed.record(event(finished, 4711), ahead);

        UsageRecorder next = recorder(1000, Duration.ofMillis(50), 1 << 20, new UsageMetrics(new SimpleMeterRegistry()));
        closeAfter.add(next);
        next.start();

        await("both calls on the stream", () -> streamIds().size() >= 2);
        List<io.vertx.core.json.JsonObject> events = UsageStream.events(redis, key);
        assertEquals(List.of(headOnly.toString(), finished.toString()), streamIds(), "each call once");
        // The final event was in memory only: after a kill the provisional one (declared length, 0 here) is billed.
        assertEquals(0L, events.get(1).getLong("resBytes"));
    }

    private static UsageEvent event(UUID id, long resBytes) {
        return new UsageEvent(id, Instant.now(), "node-a", null, "app-1", null, null, "api-1", "r-1",
                null, null, "GET", 200, UsageOutcome.FORWARDED, 3, 2, 0, resBytes);
    }
}
