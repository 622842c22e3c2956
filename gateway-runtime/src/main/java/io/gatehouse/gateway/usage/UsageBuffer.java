package io.gatehouse.gateway.usage;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded in-memory queue between the event loops (many producers) and the recorder's worker (one
 * consumer). {@link #offer} never blocks and takes no lock: a full buffer refuses the event at once, which the
 * recorder counts as dropped. The bound is kept with a counter of reserved slots next to the unbounded queue,
 * because {@link ConcurrentLinkedQueue#size()} walks the whole queue.
 */
final class UsageBuffer<T> {

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    UsageBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Adds {@code event} unless the buffer is full; returns whether it did. */
    boolean offer(T event) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.offer(event);
        return true;
    }

    /** Moves up to {@code max} events, oldest first, into {@code into}; returns how many. */
    int drainTo(List<T> into, int max) {
        int n = 0;
        T event;
        while (n < max && (event = queue.poll()) != null) {
            into.add(event);
            n++;
        }
        size.addAndGet(-n);
        return n;
    }

    int size() {
        return size.get();
    }

    int capacity() {
        return capacity;
    }
}
