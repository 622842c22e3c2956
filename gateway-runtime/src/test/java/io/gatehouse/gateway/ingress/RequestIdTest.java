package io.gatehouse.gateway.ingress;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ids the gateway gives requests that came without a usable {@code X-Request-Id}. */
class RequestIdTest {

    @Test
    void a_made_request_id_is_a_version_4_uuid_in_the_rfc_9562_variant() {
        for (int i = 0; i < 1_000; i++) {
            String id = GatewayHandler.randomRequestId();
            UUID parsed = UUID.fromString(id);

            assertEquals(id, parsed.toString(), "canonical lower-case form");
            assertEquals(4, parsed.version());
            assertEquals(2, parsed.variant());
        }
    }

    @Test
    void made_request_ids_do_not_repeat_across_threads() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    ids.add(GatewayHandler.randomRequestId());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertEquals(200_000, ids.size(), "every id made is new");
    }
}
