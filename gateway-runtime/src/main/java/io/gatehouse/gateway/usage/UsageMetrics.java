package io.gatehouse.gateway.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/**
 * The recorder's meters. Once the recorder is idle, {@code recorded = sent + spooled + dropped}, and
 * {@code spooled - replayed} is what the spool still holds (more than that after a restart, which replays what
 * an earlier process spooled).
 * <ul>
 *   <li>{@code usage_events_recorded_total}: events handed to the recorder (one per answered request);</li>
 *   <li>{@code usage_events_sent_total}: events that reached the stream straight from memory;</li>
 *   <li>{@code usage_events_spooled_total}: events written to the spool because Redis could not take them;</li>
 *   <li>{@code usage_events_replayed_total}: events sent from the spool to the stream;</li>
 *   <li>{@code usage_events_dropped_total}: events kept nowhere (buffer full, spool full or failing);</li>
 *   <li>{@code usage_events_buffered}: events in memory, waiting for a batch;</li>
 *   <li>{@code usage_spool_bytes}: bytes in the spool not yet replayed.</li>
 * </ul>
 */
public final class UsageMetrics {

    private final Counter recorded;
    private final Counter sent;
    private final Counter spooled;
    private final Counter replayed;
    private final Counter dropped;
    private final MeterRegistry registry;

    public UsageMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.recorded = counter("usage.events.recorded", "Usage events made for answered requests");
        this.sent = counter("usage.events.sent", "Usage events written to the Redis stream from memory");
        this.spooled = counter("usage.events.spooled", "Usage events written to the local spool");
        this.replayed = counter("usage.events.replayed", "Usage events sent from the local spool to the Redis stream");
        this.dropped = counter("usage.events.dropped", "Usage events lost because buffer and spool were full or failing");
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void gauges(Supplier<Number> buffered, Supplier<Number> spoolBytes) {
        Gauge.builder("usage.events.buffered", buffered).description("Usage events waiting in memory").register(registry);
        Gauge.builder("usage.spool.bytes", spoolBytes).description("Bytes in the usage spool not yet replayed")
                .baseUnit("bytes").register(registry);
    }

    void recorded() {
        recorded.increment();
    }

    void sent(int events) {
        sent.increment(events);
    }

    void spooled(int events) {
        spooled.increment(events);
    }

    void replayed(int events) {
        replayed.increment(events);
    }

    void dropped(int events) {
        dropped.increment(events);
    }

    public double recordedCount() {
        return recorded.count();
    }

    public double sentCount() {
        return sent.count();
    }

    public double spooledCount() {
        return spooled.count();
    }

    public double replayedCount() {
        return replayed.count();
    }

    public double droppedCount() {
        return dropped.count();
    }
}
