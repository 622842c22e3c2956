package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.support.PushedBody;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitedBodyTest {

    private final PushedBody client = new PushedBody();
    private final AtomicInteger exceeded = new AtomicInteger();
    private final LimitedBody body = new LimitedBody(client, 10, exceeded::incrementAndGet);
    private final List<String> relayed = new ArrayList<>();
    private final AtomicInteger ends = new AtomicInteger();

    private void read() {
        body.handler(b -> relayed.add(b.toString())).endHandler(v -> ends.incrementAndGet());
    }

    @Test
    void relays_a_body_within_the_limit_and_its_end() {
        read();
        client.emit("hello");
        client.emit("world");
        client.end();

        assertEquals(List.of("hello", "world"), relayed);
        assertEquals(1, ends.get());
        assertFalse(body.exceeded());
        assertEquals(0, exceeded.get());
    }

    @Test
    void stops_relaying_and_pauses_the_client_at_the_first_byte_past_the_limit() {
        read();
        client.emit("hello");
        client.emit("world!");
        client.emit("more");
        client.end();

        assertEquals(List.of("hello"), relayed);
        assertTrue(body.exceeded());
        assertEquals(1, exceeded.get(), "told once");
        assertEquals(1, client.pauses);
        assertEquals(0, ends.get(), "a cut body never ends downstream");
    }

    @Test
    void passes_flow_control_on_until_the_limit_and_holds_the_client_after_it() {
        read();
        body.pause();
        body.resume();
        body.fetch(3);
        assertEquals(1, client.pauses);
        assertEquals(1, client.resumes);
        assertEquals(3, client.fetched);

        client.emit("far too long");
        body.resume();
        body.fetch(5);

        assertEquals(2, client.pauses);
        assertEquals(1, client.resumes);
        assertEquals(3, client.fetched);
    }

    @Test
    void passes_failures_through_and_clears_handlers_it_is_given_none_for() {
        List<Throwable> failures = new ArrayList<>();
        body.exceptionHandler(failures::add);
        read();
        RuntimeException boom = new RuntimeException("boom");
        client.fail(boom);
        assertSame(boom, failures.get(0));

        body.handler(null).endHandler(null).exceptionHandler(null);

        assertFalse(client.hasHandler());
        assertFalse(client.hasEndHandler());
        assertFalse(client.hasExceptionHandler());
    }
}
