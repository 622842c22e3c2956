package io.gatehouse.gateway.usage;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of usage recording ({@code gatehouse.usage.*}, e.g. {@code GATEHOUSE_USAGE_BUFFER_CAPACITY}).
 * Checked once at start by {@link UsageWiring}; a bad value stops the start with a message naming the key.
 */
@ConfigMapping(prefix = "gatehouse.usage")
public interface UsageSettings {

    /** Events held in memory between batches. When it is full, new events are counted as dropped. */
    @WithDefault("100000")
    int bufferCapacity();

    /** Most events per stream entry (one {@code XADD}); the contract allows at most 500. */
    @WithDefault("500")
    int batchSize();

    /** How often the batcher sends what the buffer holds; a full batch is sent at once anyway. */
    @WithDefault("100ms")
    Duration flushInterval();

    /** How long one {@code XADD} may take before its batch goes to the spool instead. */
    @WithDefault("500ms")
    Duration sendTimeout();

    /** The most entries one stream shard may hold unread; a full shard refuses batches (they wait in the spool). */
    @WithDefault("1000000")
    long streamMaxLength();

    /**
     * Over how many usage stream shards batches are spread (round robin), 1 to 64
     * ({@code GATEHOUSE_USAGE_STREAM_SHARDS}, the same variable billing reads). Billing must read at least as many
     * shards as any gateway writes; it warns about shards it finds but was not told about (docs/redis-keys.md).
     */
    @WithDefault("1")
    int streamShards();

    /**
     * How many replicas must acknowledge a usage batch (Redis {@code WAIT}, on the stream's master) before the gateway
     * forgets it ({@code GATEHOUSE_USAGE_REPLICA_ACKS}). Unset: 1 in cluster and sentinel mode, 0 (off) standalone.
     * A batch fewer replicas acknowledged in time is kept in the spool and sent again, so a master that dies before
     * its replica had the batch loses nothing. With no replica running, set 0, or batches wait in the spool until one
     * is back (counted in {@code usage_batches_unreplicated_total}).
     */
    Optional<Integer> replicaAcks();

    /** How long {@code WAIT} waits for the replicas; shorter than {@link #sendTimeout()}. */
    @WithDefault("200ms")
    Duration replicaAckTimeout();

    /** How long a graceful shutdown waits for the last batches to reach Redis or the spool. */
    @WithDefault("5s")
    Duration shutdownTimeout();

    /** The local spool that keeps batches while Redis cannot take them. */
    Spool spool();

    /** The write-ahead journal every event is written to before it is batched (so a killed process loses none). */
    Journal journal();

    interface Journal {

        /** Directory of the journal; default {@code <gatehouse.gateway.data-dir>/usage-journal}. */
        Optional<String> dir();

        /** Size after which a recording thread starts a new segment file (a segment is deleted once all arrived). */
        @WithDefault("4M")
        MemorySize segmentSize();
    }

    interface Spool {

        /** Directory of the spool; default {@code <gatehouse.gateway.data-dir>/usage-spool}. */
        Optional<String> dir();

        /** Most bytes the spool may hold on disk; a batch that does not fit is counted as dropped. */
        @WithDefault("256M")
        MemorySize maxSize();

        /** How often spooled batches are tried again while Redis is away. */
        @WithDefault("1s")
        Duration replayInterval();
    }
}
