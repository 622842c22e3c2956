package io.gatehouse.billing.ledger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the ledger consumer ({@code gatehouse.billing.consumer.*}, e.g.
 * {@code GATEHOUSE_BILLING_CONSUMER_CLAIM_AFTER}). Checked once at start by {@link LedgerConsumer}.
 */
@ConfigMapping(prefix = "gatehouse.billing.consumer")
public interface ConsumerSettings {

    /**
     * Whether the consumer runs by itself from start to shutdown. Off in tests that drive it
     * step by step through {@link LedgerConsumer#processOnce()}.
     */
    @WithDefault("true")
    boolean enabled();

    /** This instance's consumer name in the group; default {@code <hostname>:<http port>}. Must be stable across restarts. */
    Optional<String> name();

    /** An entry pending longer than this on any consumer (presumably dead) is claimed and processed here. */
    @WithDefault("30s")
    Duration claimAfter();

    /** Stream entries (batches of up to 500 events) read per call. */
    @WithDefault("10")
    int readCount();

    /**
     * How long one read waits for new entries. Must stay below {@code quarkus.redis.timeout}
     * (the blocking client's own limit), or idle reads would count as Redis failures.
     */
    @WithDefault("1s")
    Duration block();

    /** First pause after a failure; doubles on each failure in a row, up to {@link #retryMax()}. */
    @WithDefault("250ms")
    Duration retryMin();

    /** Longest pause between attempts while Redis or PostgreSQL is down. */
    @WithDefault("10s")
    Duration retryMax();

    /**
     * Where the group starts when billing creates it: {@code 0} (every entry still in the stream,
     * the default: inserts are idempotent, so nothing the gateways wrote before billing first
     * started is lost) or {@code $} (only entries written from now on).
     */
    @WithDefault("0")
    String startFrom();

    /** Approximate cap of the dead-letter stream {@code <ns>:usage:dead} ({@code XADD MAXLEN ~}). */
    @WithDefault("100000")
    long deadLetterMaxLength();
}
