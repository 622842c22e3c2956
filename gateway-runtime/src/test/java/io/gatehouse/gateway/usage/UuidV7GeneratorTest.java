package io.gatehouse.gateway.usage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UuidV7GeneratorTest {

    private static final long T = 1_795_000_000_123L;

    @Test
    void an_id_is_version_7_with_the_rfc_variant_and_carries_its_millisecond() {
        UUID id = new UuidV7Generator().next(T);

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(T, UuidV7Generator.epochMillis(id));
        assertEquals(String.format("%012x", T), id.toString().replace("-", "").substring(0, 12));
    }

    @Test
    void later_milliseconds_sort_later_as_strings() {
        UuidV7Generator ids = new UuidV7Generator();
        String earlier = ids.next(T).toString();
        String later = new UuidV7Generator().next(T + 1).toString();

        assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
    }

    @Test
    void ids_of_one_millisecond_still_strictly_increase() {
        UuidV7Generator ids = new UuidV7Generator();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next(T).toString());
        }

        for (int i = 1; i < made.size(); i++) {
            assertTrue(made.get(i - 1).compareTo(made.get(i)) < 0, "id " + i + " does not sort after id " + (i - 1));
        }
        // 10,000 ids overflow the 12-bit counter: the timestamp runs ahead by a few milliseconds, no more.
        assertTrue(UuidV7Generator.epochMillis(UUID.fromString(made.get(made.size() - 1))) <= T + 3);
    }

    @Test
    void a_clock_that_steps_back_never_makes_an_id_sort_earlier() {
        UuidV7Generator ids = new UuidV7Generator();
        String first = ids.next(T).toString();
        String afterStepBack = ids.next(T - 5_000).toString();

        assertTrue(first.compareTo(afterStepBack) < 0);
    }

    @Test
    void ids_made_on_many_threads_at_once_are_unique() throws InterruptedException {
        UuidV7Generator ids = new UuidV7Generator();
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        int threads = 4;
        int each = 20_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    seen.add(ids.next(System.currentTimeMillis()));
                }
                done.countDown();
            }).start();
        }
        done.await();

        assertEquals(threads * each, seen.size());
    }
}
