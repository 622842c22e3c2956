package io.gatehouse.testing.fuzz;

import java.time.Duration;

/**
 * How long a fuzz run lasts and where it starts: at most {@code tries} requests or {@code time}, whichever ends
 * first, from {@code seed}. Read from the system properties {@code gatehouse.fuzz.seed}, {@code gatehouse.fuzz.tries}
 * and {@code gatehouse.fuzz.seconds}; unset, a run takes 2,000 requests or 90 seconds from {@link #DEFAULT_SEED}.
 *
 * <p>The test command runs a fixed seed so that a red build always names a reproducible failure and a change is
 * judged on the same requests as its parent; {@code -Dgatehouse.fuzz.seed=random} explores from a fresh seed (each
 * found failure then becomes a fix and, where it helps, a row in a table-driven bad-input test).
 */
public record FuzzSettings(long seed, int tries, Duration time) {

    public static final int DEFAULT_TRIES = 2_000;
    public static final int DEFAULT_SECONDS = 90;
    public static final long DEFAULT_SEED = 20_261_206L;

    public FuzzSettings {
        if (tries < 1) {
            throw new IllegalArgumentException("gatehouse.fuzz.tries must be at least 1, not " + tries);
        }
        if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("gatehouse.fuzz.seconds must be at least 1, not " + time.toSeconds());
        }
    }

    public static FuzzSettings fromSystemProperties() {
        String seed = System.getProperty("gatehouse.fuzz.seed");
        long start = seed == null || seed.isBlank() ? DEFAULT_SEED
                : seed.trim().equals("random") ? System.nanoTime() ^ System.currentTimeMillis() : Long.parseLong(seed.trim());
        return new FuzzSettings(start,
                Integer.parseInt(System.getProperty("gatehouse.fuzz.tries", String.valueOf(DEFAULT_TRIES)).trim()),
                Duration.ofSeconds(Long.parseLong(System.getProperty("gatehouse.fuzz.seconds", String.valueOf(DEFAULT_SECONDS)).trim())));
    }
}
