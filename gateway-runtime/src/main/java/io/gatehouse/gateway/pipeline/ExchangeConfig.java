package io.gatehouse.gateway.pipeline;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a request reads of the config in force when it arrived: its version, the config-wide tables
 * ({@link Part parts}: the route table, the key directory, …) and each API's {@link Option options} (its CORS rules,
 * address lists, …). Everything in it was compiled once per snapshot, off the event loop; reading is an array load.
 *
 * <p>Each feature declares its own parts and options as constants, as it declares its {@link Exchange.Key exchange
 * keys}, so the pipeline knows nothing about routes, keys or CORS. The gateway's {@code config.CompiledConfig} is the
 * one implementation; an option that says how it is compiled from the snapshot is a {@code config.ApiOption}.
 */
public interface ExchangeConfig {

    /** The version of the snapshot this config was compiled from. */
    long version();

    /** The value of {@code part} in this config, or the part's fallback when this config has none. */
    <T> T part(Part<T> part);

    /**
     * The value of {@code option} for the API {@code apiId}, or the option's fallback when the API does not set it,
     * is not in this config, or {@code apiId} is {@code null}.
     */
    <T> T option(String apiId, Option<T> option);

    /**
     * A config-wide table, such as the route table. Each part takes the next slot of every config when it is created,
     * so a part must be a constant (a {@code static final} field).
     *
     * @param <T> the type of the table
     */
    final class Part<T> {
        private static final AtomicInteger SLOTS = new AtomicInteger();

        private final String name;
        private final int slot;
        private final T fallback;

        /**
         * @param name     a short name, for messages
         * @param fallback what a config without this part answers (an empty table), never {@code null}
         */
        public Part(String name, T fallback) {
            this.name = Objects.requireNonNull(name, "name");
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            this.slot = SLOTS.getAndIncrement();
        }

        /** How many parts exist so far: the length of a config's part array. */
        public static int count() {
            return SLOTS.get();
        }

        public int slot() {
            return slot;
        }

        public T fallback() {
            return fallback;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A per-API setting, such as an API's CORS rules. Each option takes the next slot of every API's option array
     * when it is created, so an option must be a constant (a {@code static final} field).
     *
     * @param <T> the type of the setting
     */
    class Option<T> {
        private static final AtomicInteger SLOTS = new AtomicInteger();

        private final String name;
        private final int slot;
        private final T fallback;

        /**
         * @param name     the option's name, for messages
         * @param fallback what an API that does not set the option gets; may be {@code null} ("off")
         */
        public Option(String name, T fallback) {
            this.name = Objects.requireNonNull(name, "name");
            this.fallback = fallback;
            this.slot = SLOTS.getAndIncrement();
        }

        /** How many options exist so far: the length of an API's option array. */
        public static int count() {
            return SLOTS.get();
        }

        public final int slot() {
            return slot;
        }

        public final T fallback() {
            return fallback;
        }

        public final String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
