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
 *   <li>{@code usage_journal_bytes}: bytes of write-ahead journal on disk (events not yet in Redis or the spool).</li>
 *   <li>{@code usage_events_deferred_total}: events kept only in the journal (the buffer or the spool was full), sent
 *       after the next start.</li>
 *   <li>{@code usage_events_recovered_total}: events an earlier process left in the journal, moved into the spool.</li>
 *   <li>{@code usage_journal_failures_total}: journal writes that failed (the event was then in memory only).</li>
 *   <li>{@code usage_batches_unreplicated_total}: batches the stream's master took but fewer replicas than
 *       {@code gatehouse.usage.replica-acks} acknowledged in time; kept in the spool and sent again.</li>
 * </ul>
 */
public final class UsageMetrics {

    private final Counter recorded;
    private final Counter sent;
    private final Counter spooled;
    private final Counter replayed;
    private final Counter dropped;
    private final Counter deferred;
    private final Counter recovered;
    private final Counter journalFailures;
    private final Counter unreplicated;
    private final MeterRegistry registry;

    public UsageMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.recorded = counter("usage.events.recorded", "Usage events made for answered requests");
        this.sent = counter("usage.events.sent", "Usage events written to the Redis stream from memory");
        this.spooled = counter("usage.events.spooled", "Usage events written to the local spool");
        this.replayed = counter("usage.events.replayed", "Usage events sent from the local spool to the Redis stream");
        this.dropped = counter("usage.events.dropped", "Usage events lost: in neither the journal nor memory, or neither Redis nor the spool took them and no journal held them");
        this.deferred = counter("usage.events.deferred", "Usage events kept only in the journal (buffer or spool full), sent after the next start");
        this.recovered = counter("usage.events.recovered", "Usage events an earlier process left in the journal, moved into the spool");
        this.journalFailures = counter("usage.journal.failures", "Usage journal writes that failed");
        this.unreplicated = counter("usage.batches.unreplicated", "Usage batches the master took but too few replicas acknowledged in time; kept in the spool and sent again");
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void gauges(Supplier<Number> buffered, Supplier<Number> spoolBytes) {
        Gauge.builder("usage.events.buffered", buffered).description("Usage events waiting in memory").register(registry);
        Gauge.builder("usage.spool.bytes", spoolBytes).description("Bytes in the usage spool not yet replayed")
                .baseUnit("bytes").register(registry);
    }

    void journalGauge(Supplier<Number> bytes) {
        Gauge.builder("usage.journal.bytes", bytes).description("Bytes of usage journal on disk")
                .baseUnit("bytes").register(registry);
    }

    void deferred(long events) {
        deferred.increment(events);
    }

    void recovered(int events) {
        recovered.increment(events);
    }

    void unreplicated() {
        unreplicated.increment();
    }

    public double unreplicatedCount() {
        return unreplicated.count();
    }

    void journalFailed() {
        journalFailures.increment();
    }

    public double deferredCount() {
        return deferred.count();
    }

    public double recoveredCount() {
        return recovered.count();
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

    void dropped(long events) {
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
