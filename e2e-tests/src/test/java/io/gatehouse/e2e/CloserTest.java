package io.gatehouse.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The closer the end-to-end classes stop their stacks with: no processes here, only what it promises. */
class CloserTest {

    @Test
    void closes_the_last_registered_first() throws Exception {
        List<String> closed = new ArrayList<>();
        Closer closer = new Closer();
        closer.add(() -> closed.add("upstream"));
        closer.add(() -> closed.add("management"));
        closer.add(() -> closed.add("gateway"));

        closer.close();

        assertEquals(List.of("gateway", "management", "upstream"), closed);
    }

    @Test
    void a_resource_that_fails_to_close_does_not_keep_the_others_open() {
        List<String> closed = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("gateway would not stop");
        InterruptedException second = new InterruptedException("management wait interrupted");
        Closer closer = new Closer();
        closer.add(() -> closed.add("upstream"));
        closer.add(() -> {
            throw second;
        });
        closer.add(() -> {
            throw first;
        });

        Exception thrown = assertThrows(Exception.class, closer::close);

        assertSame(first, thrown, "the first failure is the one thrown");
        assertArrayEquals(new Throwable[]{second}, thrown.getSuppressed(), "later failures ride on it");
        assertEquals(List.of("upstream"), closed, "what came after the failures was still closed");
    }

    @Test
    void closing_twice_closes_each_resource_once() throws Exception {
        List<String> closed = new ArrayList<>();
        Closer closer = new Closer();
        closer.add(() -> closed.add("upstream"));

        closer.close();
        closer.close();

        assertEquals(List.of("upstream"), closed);
    }

    @Test
    void returns_what_it_registers_so_a_field_can_be_assigned_in_one_line() {
        Closer closer = new Closer();
        AutoCloseable upstream = () -> { };

        assertSame(upstream, closer.add(upstream));
    }
}
