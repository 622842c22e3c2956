package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.support.PushedBody;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeeBodyTest {

    private final PushedBody upstream = new PushedBody();
    private final List<Buffer> copies = new ArrayList<>();
    private final AtomicInteger givenUp = new AtomicInteger();
    private final TeeBody body = new TeeBody(upstream, 10, copies::add, givenUp::incrementAndGet);
    private final List<String> relayed = new ArrayList<>();
    private final AtomicInteger ends = new AtomicInteger();

    private void read() {
        body.handler(b -> relayed.add(b.toString())).endHandler(v -> ends.incrementAndGet());
    }

    @Test
    void relays_the_body_and_hands_over_its_copy_when_it_ends_within_the_limit() {
        read();
        upstream.emit("hello");
        upstream.emit("world");
        upstream.end();

        assertEquals(List.of("hello", "world"), relayed);
        assertEquals(1, ends.get());
        assertEquals(1, copies.size());
        assertEquals("helloworld", copies.get(0).toString());
        assertEquals(0, givenUp.get());
    }

    @Test
    void keeps_relaying_but_gives_the_copy_up_once_when_the_body_grows_past_the_limit() {
        read();
        upstream.emit("hello");
        upstream.emit("world!");
        upstream.emit("more");
        upstream.end();

        assertEquals(List.of("hello", "world!", "more"), relayed);
        assertEquals(1, ends.get());
        assertEquals(1, givenUp.get());
        assertTrue(copies.isEmpty());
    }

    @Test
    void gives_the_copy_up_on_a_failure_even_without_handlers_downstream() {
        body.exceptionHandler(null).endHandler(null);
        upstream.emit("ignored: no handler is set");
        upstream.fail(new RuntimeException("reset"));
        upstream.end();

        assertEquals(1, givenUp.get());
        assertTrue(copies.isEmpty(), "exactly one of the two callbacks runs");
    }

    @Test
    void hands_over_the_copy_at_the_end_even_without_an_end_handler_downstream() {
        body.handler(b -> relayed.add(b.toString())).endHandler(null);
        upstream.emit("abc");
        upstream.end();

        assertEquals(1, copies.size());
        assertEquals("abc", copies.get(0).toString());
    }

    @Test
    void passes_failures_and_flow_control_to_the_upstream() {
        List<Throwable> failures = new ArrayList<>();
        body.exceptionHandler(failures::add);
        body.pause();
        body.resume();
        body.fetch(4);
        RuntimeException boom = new RuntimeException("boom");
        upstream.fail(boom);

        assertSame(boom, failures.get(0));
        assertEquals(1, upstream.pauses);
        assertEquals(1, upstream.resumes);
        assertEquals(4, upstream.fetched);
        assertEquals(1, givenUp.get());
    }
}
