package io.gatehouse.billing.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer's meters, as Prometheus names them on {@code /q/metrics}:
 * {@code usage_events_inserted_total}, {@code usage_events_duplicates_total} (redelivered or repeated
 * events that changed nothing), {@code usage_events_rejected_total{kind=entry|event|missing}}
 * (moved to the dead-letter stream, or trimmed from the stream before billing read them),
 * {@code usage_batches_acked_total}, {@code usage_consumer_errors_total{store}} (every failed
 * attempt), {@code usage_consumer_outages_total{store}} (every time a store went away), and the
 * gauges {@code usage_stream_pending} (entries delivered to the group, not yet acknowledged) and
 * {@code usage_stream_lag} (entries not yet delivered to the group), sampled by the consumer.
 */
@ApplicationScoped
public class LedgerMetrics {

    /** Which store an attempt failed on. */
    public enum Store {
        REDIS, DATABASE;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final Counter inserted;
    private final Counter duplicates;
    private final Counter acked;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong unreadShards = new AtomicLong();

    public LedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inserted = registry.counter("usage.events.inserted");
        this.duplicates = registry.counter("usage.events.duplicates");
        this.acked = registry.counter("usage.batches.acked");
        Gauge.builder("usage.stream.pending", pending, AtomicLong::get).register(registry);
        Gauge.builder("usage.stream.lag", lag, AtomicLong::get).register(registry);
        Gauge.builder("usage.stream.unread.shards", unreadShards, AtomicLong::get).register(registry);
    }

    void recorded(long insertedEvents, long duplicateEvents) {
        inserted.increment(insertedEvents);
        duplicates.increment(duplicateEvents);
    }

    void acked() {
        acked.increment();
    }

    void rejected(String kind, long events) {
        registry.counter("usage.events.rejected", "kind", kind).increment(events);
    }

    void error(Store store) {
        registry.counter("usage.consumer.errors", "store", store.tag()).increment();
    }

    void outage(Store store) {
        registry.counter("usage.consumer.outages", "store", store.tag()).increment();
    }

    void unreadShards(int shards) {
        unreadShards.set(shards);
    }

    void backlog(long pendingEntries, long lagEntries) {
        pending.set(pendingEntries);
        lag.set(lagEntries);
    }
}
