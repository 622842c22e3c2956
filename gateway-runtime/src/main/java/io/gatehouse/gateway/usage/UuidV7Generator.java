package io.gatehouse.gateway.usage;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter, then 62 random bits.
 * Ids of one generator are strictly increasing, also within one millisecond (the counter, RFC 9562 §6.2
 * method 1), so sorting a node's events by id sorts them by arrival. Should more than 4096 ids be made in one
 * millisecond, the counter carries into the timestamp, which then runs at most a few milliseconds ahead.
 *
 * <p>The random bits come from {@link ThreadLocalRandom}, not {@code SecureRandom}: an event id must be unique,
 * not unguessable, and the generator runs once per request on an event loop, where a shared {@code SecureRandom}
 * would be a point of contention. Two nodes collide only if they make the same millisecond, counter and 62 random bits.
 *
 * <p>Thread-safe and lock-free.
 */
public final class UuidV7Generator {

    private static final int COUNTER_BITS = 12;
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;
    private static final long RANDOM_62_BITS = 0x3FFF_FFFF_FFFF_FFFFL;

    /** The last (milliseconds << 12 | counter) handed out. */
    private final AtomicLong last = new AtomicLong();

    /** A new id for an event that happened at {@code epochMillis}. */
    public UUID next(long epochMillis) {
        long stamp = last.updateAndGet(prev -> Math.max(prev + 1, epochMillis << COUNTER_BITS));
        long millis = stamp >>> COUNTER_BITS;
        long counter = stamp & ((1L << COUNTER_BITS) - 1);
        long msb = (millis << 16) | VERSION_7 | counter;
        long lsb = VARIANT_RFC | (ThreadLocalRandom.current().nextLong() & RANDOM_62_BITS);
        return new UUID(msb, lsb);
    }

    /** The Unix milliseconds an id of this generator carries. */
    public static long epochMillis(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }
}
