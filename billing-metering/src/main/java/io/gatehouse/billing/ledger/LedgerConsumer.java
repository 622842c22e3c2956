package io.gatehouse.billing.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.billing.ledger.LedgerMetrics.Store;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Moves usage events from the Redis stream into the ledger, at least once and counted once.
 *
 * <p>Each cycle handles, in this order: entries this consumer was given before and never
 * acknowledged (a crash, a failed ack), entries idle on other consumers longer than
 * {@link ConsumerSettings#claimAfter()} ({@code XAUTOCLAIM}), then new entries. Per entry: decode,
 * record events and rollups in one transaction ({@link LedgerWriter}), then {@code XACK}. A crash
 * between commit and ack only causes a redelivery, which the ledger ignores (unique event ids).
 * An entry that can never be recorded is copied to the dead-letter stream with its reason and
 * acknowledged, so it never blocks the stream.
 *
 * <p>When Redis or PostgreSQL fails, the cycle stops where it is, nothing more is acknowledged,
 * and the loop retries with exponential backoff; it logs once when a store goes away and once
 * when it is back. With {@code gatehouse.billing.consumer.enabled=false} nothing runs by itself
 * and callers (tests) drive it with {@link #processOnce()} and {@link #drain()}.
 */
@ApplicationScoped
public class LedgerConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerConsumer.class);
    private static final Duration BACKLOG_SAMPLE_EVERY = Duration.ofSeconds(10);

    private final UsageStream stream;
    private final UsageBatchDecoder decoder;
    private final LedgerWriter writer;
    private final LedgerMetrics metrics;
    private final ConsumerSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReentrantLock cycleLock = new ReentrantLock();
    private final Set<Store> down = EnumSet.noneOf(Store.class);
    private boolean groupReady;
    private Instant nextBacklogSample = Instant.MIN;
    private volatile List<String> unreadShards = List.of();
    private volatile Thread loop;
    private volatile CountDownLatch stopSignal;

    public LedgerConsumer(UsageStream stream, UsageBatchDecoder decoder, LedgerWriter writer, LedgerMetrics metrics,
                          ConsumerSettings settings, ObjectMapper json, Clock clock,
                          @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s") Duration redisTimeout) {
        this.stream = stream;
        this.decoder = decoder;
        this.writer = writer;
        this.metrics = metrics;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        validate(settings, redisTimeout);
    }

    static void validate(ConsumerSettings s, Duration redisTimeout) {
        if (s.readCount() < 1 || s.readCount() > 1000) {
            throw new IllegalArgumentException("gatehouse.billing.consumer.read-count must be from 1 to 1000, not " + s.readCount());
        }
        if (s.claimAfter().isNegative() || s.claimAfter().isZero()) {
            throw new IllegalArgumentException("gatehouse.billing.consumer.claim-after must be positive, e.g. 30s");
        }
        if (s.block().isNegative() || s.block().compareTo(redisTimeout) >= 0) {
            throw new IllegalArgumentException("gatehouse.billing.consumer.block (" + s.block()
                    + ") must be shorter than quarkus.redis.timeout (" + redisTimeout + ")");
        }
        if (s.retryMin().isNegative() || s.retryMin().isZero() || s.retryMax().compareTo(s.retryMin()) < 0) {
            throw new IllegalArgumentException("gatehouse.billing.consumer.retry-min must be positive and at most retry-max");
        }
        if (!s.startFrom().equals("0") && !s.startFrom().equals("$")) {
            throw new IllegalArgumentException("gatehouse.billing.consumer.start-from must be 0 or $, not " + s.startFrom());
        }
    }

    /** What one or more cycles did. {@code entries} counts stream entries handled, including rejected ones. */
    public record Cycle(int entries, int inserted, int duplicates, int rejectedEvents) {

        Cycle plus(Cycle o) {
            return new Cycle(entries + o.entries, inserted + o.inserted, duplicates + o.duplicates,
                    rejectedEvents + o.rejectedEvents);
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (settings.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the background loop (a platform thread of its own: every call it makes blocks). */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        stopSignal = new CountDownLatch(1);
        loop = new Thread(this::run, "billing-ledger-consumer");
        loop.start();
        LOG.infof("usage consumer %s reads %s as group %s", stream.consumer(), stream.keys(), UsageStream.GROUP);
    }

    /** Stops the loop after its current cycle (at most one blocking read plus one batch), and waits for it. */
    public synchronized void stop() {
        Thread t = loop;
        if (t == null) {
            return;
        }
        stopSignal.countDown();
        try {
            t.join(settings.block().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
    }

    private void run() {
        Duration pause = settings.retryMin();
        while (stopSignal.getCount() > 0) {
            try {
                cycleLock.lock();
                try {
                    cycle(settings.block());
                } finally {
                    cycleLock.unlock();
                }
                pause = settings.retryMin();
            } catch (RuntimeException e) {
                if (!(e instanceof StoreUnavailableException)) {
                    LOG.error("usage consumer cycle failed unexpectedly; retrying", e);
                }
                try {
                    if (stopSignal.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(settings.retryMax()) > 0 ? settings.retryMax() : pause.multipliedBy(2);
            }
        }
    }

    /**
     * One cycle without waiting for new entries.
     *
     * @throws StoreUnavailableException when Redis or PostgreSQL failed; the entry in hand stays pending
     */
    public Cycle processOnce() {
        cycleLock.lock();
        try {
            return cycle(Duration.ZERO);
        } finally {
            cycleLock.unlock();
        }
    }

    /**
     * Shards that exist in Redis beyond the ones this instance reads, as the last backlog sample (every 10 s) found
     * them; {@code UsageShardsReadiness} reports them.
     */
    public List<String> unreadShards() {
        return unreadShards;
    }

    /** Cycles until one finds nothing to do; returns what they did together. */
    public Cycle drain() {
        Cycle total = new Cycle(0, 0, 0, 0);
        Cycle last;
        do {
            last = processOnce();
            total = total.plus(last);
        } while (last.entries() > 0);
        return total;
    }

    private Cycle cycle(Duration block) {
        if (!groupReady) {
            redis(() -> {
                stream.ensureGroup();
                return null;
            });
            groupReady = true;
        }
        Cycle earlier = handleAll(redis(stream::ownPending)).plus(handleAll(redis(stream::claimIdle)));
        // Only wait for new entries when there was nothing else to do, so a backlog drains at full speed.
        Duration wait = earlier.entries() > 0 ? Duration.ZERO : block;
        Cycle done = earlier.plus(handleAll(redis(() -> stream.readNew(wait))));
        sampleBacklog();
        return done;
    }

    private Cycle handleAll(List<StreamMessage<String, String, String>> entries) {
        Cycle done = new Cycle(0, 0, 0, 0);
        for (StreamMessage<String, String, String> entry : entries) {
            done = done.plus(handle(entry));
        }
        return done;
    }

    private Cycle handle(StreamMessage<String, String, String> entry) {
        Map<String, String> fields = entry.payload();
        if (fields == null || fields.isEmpty()) {
            // Trimmed (MAXLEN) or deleted while pending: its events are gone; say so, and stop tracking it.
            LOG.warnf("usage stream entry %s was removed from %s before billing recorded it", entry.id(), entry.key());
            metrics.rejected("missing", 1);
            ack(entry);
            return new Cycle(1, 0, 0, 0);
        }
        UsageBatch batch;
        try {
            batch = decoder.decode(entry.id(), fields);
        } catch (MalformedEntryException e) {
            return rejectEntry(entry, fields, e.getMessage());
        }
        LedgerWriter.Recorded recorded;
        try {
            recorded = database(() -> writer.record(batch.events()));
        } catch (MalformedEntryException e) {
            return rejectEntry(entry, fields, e.getMessage());
        }
        metrics.recorded(recorded.inserted(), recorded.duplicates() + batch.repeated());
        if (!batch.rejected().isEmpty()) {
            deadLetter(entry, rejectedEvents(batch), "events of this entry could not be read; the others were recorded");
            metrics.rejected("event", batch.rejected().size());
        }
        ack(entry);
        return new Cycle(1, recorded.inserted(), recorded.duplicates() + batch.repeated(), batch.rejected().size());
    }

    private Cycle rejectEntry(StreamMessage<String, String, String> entry, Map<String, String> fields, String reason) {
        LOG.warnf("usage stream entry %s of %s moved to %s: %s", entry.id(), entry.key(), stream.deadLetterKey(), reason);
        deadLetter(entry, fields, reason);
        metrics.rejected("entry", 1);
        ack(entry);
        return new Cycle(1, 0, 0, 0);
    }

    private Map<String, String> rejectedEvents(UsageBatch batch) {
        List<UsageBatch.RejectedEvent> rejected = batch.rejected();
        String events = "[" + String.join(",", rejected.stream().map(UsageBatch.RejectedEvent::json).toList()) + "]";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("v", UsageBatchDecoder.VERSION);
        fields.put("n", Integer.toString(rejected.size()));
        fields.put("events", events);
        fields.put("node", batch.node());
        try {
            fields.put("dead-reasons", json.writeValueAsString(rejected.stream().map(UsageBatch.RejectedEvent::reason).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return fields;
    }

    private void deadLetter(StreamMessage<String, String, String> source, Map<String, String> fields, String reason) {
        Map<String, String> dead = new LinkedHashMap<>(fields);
        dead.put("dead-reason", reason);
        dead.put("dead-source-id", source.id());
        dead.put("dead-source-stream", source.key());
        dead.put("dead-consumer", stream.consumer());
        dead.put("dead-at", clock.instant().toString());
        redis(() -> {
            stream.deadLetter(dead);
            return null;
        });
    }

    private void ack(StreamMessage<String, String, String> entry) {
        redis(() -> {
            stream.ack(entry.key(), entry.id());
            metrics.acked();
            return null;
        });
    }

    private void sampleBacklog() {
        Instant now = clock.instant();
        if (now.isBefore(nextBacklogSample)) {
            return;
        }
        nextBacklogSample = now.plus(BACKLOG_SAMPLE_EVERY);
        try {
            long[] backlog = stream.backlog();
            metrics.backlog(backlog[0], backlog[1]);
        } catch (RuntimeException e) {
            // The gauges are a convenience; the next cycle's reads report a real Redis failure.
            LOG.debugf("could not sample the usage stream backlog: %s", e.getMessage());
        }
        try {
            List<String> unread = stream.unreadShards();
            metrics.unreadShards(unread.size());
            if (!unread.isEmpty() && !unread.equals(unreadShards)) {
                LOG.warnf("usage stream shards %s exist but this consumer reads only %s: a gateway writes more shards "
                        + "than billing was told. Their entries wait unread (nothing is lost) until "
                        + "GATEHOUSE_USAGE_STREAM_SHARDS here is at least as large as on every gateway", unread, stream.keys());
            }
            unreadShards = List.copyOf(unread);
        } catch (RuntimeException e) {
            LOG.debugf("could not look for unread usage stream shards: %s", e.getMessage());
        }
        try {
            // The gateways never trim the stream (it would drop unread entries): what the group acknowledged goes here.
            stream.trimAcknowledged();
        } catch (RuntimeException e) {
            LOG.debugf("could not trim the usage stream: %s", e.getMessage());
        }
    }

    private <T> T redis(Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            groupReady = false; // Redis may come back empty (no persistence): recreate the group then.
            throw unavailable(Store.REDIS, e);
        }
        reachable(Store.REDIS);
        return result;
    }

    private <T> T database(Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (MalformedEntryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(Store.DATABASE, e);
        }
        reachable(Store.DATABASE);
        return result;
    }

    private StoreUnavailableException unavailable(Store store, RuntimeException e) {
        metrics.error(store);
        if (down.add(store)) {
            metrics.outage(store);
            LOG.warnf("usage consumer: %s is unavailable (%s); nothing is acknowledged until it is back, retrying "
                    + "with backoff up to %s; logged once per outage", store.tag(), rootMessage(e), settings.retryMax());
        } else {
            LOG.debugf("usage consumer: %s still unavailable: %s", store.tag(), rootMessage(e));
        }
        return new StoreUnavailableException(store, e);
    }

    private void reachable(Store store) {
        if (down.remove(store)) {
            LOG.infof("usage consumer: %s is back; resuming", store.tag());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
