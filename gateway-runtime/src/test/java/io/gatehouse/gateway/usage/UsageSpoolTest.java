package io.gatehouse.gateway.usage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageSpoolTest {

    @TempDir
    Path dir;

    private static UsageBatch batch(int i) {
        return new UsageBatch("node-a", 1, "[{\"id\":\"event-" + i + "\"}]");
    }

    /** Reads and acknowledges everything, returning the events JSON of each batch in order. */
    private static List<String> drain(UsageSpool spool) throws IOException {
        List<String> seen = new ArrayList<>();
        Optional<UsageSpool.Spooled> next;
        while ((next = spool.oldest()).isPresent()) {
            seen.add(next.get().batch().events());
            spool.acknowledge(next.get());
        }
        return seen;
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void gives_batches_back_oldest_first_across_segments() throws IOException {
        try (UsageSpool spool = UsageSpool.open(dir, 1 << 20, 100)) {
            for (int i = 0; i < 10; i++) {
                assertTrue(spool.append(batch(i)));
            }
            assertTrue(files(".spool").size() > 1, "small segments should roll");

            List<String> seen = drain(spool);

            assertEquals(10, seen.size());
            for (int i = 0; i < 10; i++) {
                assertEquals(batch(i).events(), seen.get(i));
            }
            assertTrue(spool.isEmpty());
            assertEquals(List.of(), files(".spool"), "replayed segments are deleted");
        }
    }

    @Test
    void keeps_node_and_count_of_each_batch() throws IOException {
        try (UsageSpool spool = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            UsageBatch batch = new UsageBatch("gw-ü-1:8080", 3, "[{\"id\":1},{\"id\":2},{\"id\":\"ü\"}]");
            spool.append(batch);

            assertEquals(batch, spool.oldest().orElseThrow().batch());
        }
    }

    @Test
    void a_reopened_spool_continues_after_what_was_acknowledged() throws IOException {
        try (UsageSpool spool = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            for (int i = 0; i < 5; i++) {
                spool.append(batch(i));
            }
            spool.acknowledge(spool.oldest().orElseThrow());
            spool.acknowledge(spool.oldest().orElseThrow());
        }

        try (UsageSpool reopened = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            reopened.append(batch(5));

            assertEquals(List.of(batch(2).events(), batch(3).events(), batch(4).events(), batch(5).events()),
                    drain(reopened));
        }
    }

    @Test
    void refuses_a_batch_that_would_exceed_the_limit_and_takes_more_once_replayed() throws IOException {
        long oneRecord = UsageSpool.encode(batch(0)).remaining();
        try (UsageSpool spool = UsageSpool.open(dir, oneRecord * 3, 1 << 20)) {
            assertTrue(spool.append(batch(0)));
            assertTrue(spool.append(batch(1)));
            assertTrue(spool.append(batch(2)));

            assertFalse(spool.append(batch(3)));
            assertEquals(oneRecord * 3, spool.bytes());

            spool.acknowledge(spool.oldest().orElseThrow());
            assertTrue(spool.append(batch(4)));
        }
    }

    @Test
    void a_record_torn_by_a_crash_ends_its_segment_and_later_segments_still_replay() throws IOException {
        try (UsageSpool first = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            first.append(batch(0));
            first.append(batch(1));
        }
        Path segment = files(".spool").get(0);
        // What a crash in the middle of an append leaves: half a record at the end.
        byte[] torn = UsageSpool.encode(batch(2)).array();
        Files.write(segment, java.util.Arrays.copyOf(torn, torn.length / 2), StandardOpenOption.APPEND);

        try (UsageSpool second = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            second.append(batch(3));

            assertEquals(List.of(batch(0).events(), batch(1).events(), batch(3).events()), drain(second));
        }
        assertEquals(1, files(".corrupt").size(), "the damaged segment is kept for inspection");
    }

    @Test
    void a_damaged_record_is_never_given_back_as_a_batch() throws IOException {
        try (UsageSpool spool = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            spool.append(batch(0));
        }
        Path segment = files(".spool").get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x55;
        Files.write(segment, bytes);

        try (UsageSpool spool = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            assertTrue(spool.oldest().isEmpty());
        }
    }

    @Test
    void only_the_oldest_batch_can_be_acknowledged() throws IOException {
        try (UsageSpool spool = UsageSpool.open(dir, 1 << 20, 1 << 20)) {
            spool.append(batch(0));
            UsageSpool.Spooled oldest = spool.oldest().orElseThrow();
            spool.append(batch(1));
            spool.acknowledge(oldest);

            assertThrows(IllegalStateException.class, () -> spool.acknowledge(oldest));
        }
    }
}
