package io.gatehouse.gateway.usage;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes usage events from the request path and gets each one to the stream, or to the spool, or counts it as
 * dropped; never anything else.
 *
 * <p>{@link #record} is all the request path does: one {@code write(2)} of the event to the {@link UsageJournal} (so a
 * killed process loses nothing; see there) and a lock-free offer to the bounded {@link UsageBuffer}. Everything
 * else runs on one dedicated worker thread, which owns the batcher state and the spool, so none of it needs a
 * lock and the spool's blocking disk writes never touch an event loop:
 * <ul>
 *   <li>every {@code flushInterval}, or as soon as a full batch is waiting, the buffer is cut into batches of at most
 *       {@code batchSize} events and each batch is sent with one {@link BatchSender#send} (one {@code XADD});</li>
 *   <li>a batch that fails or times out (or that too few replicas acknowledged, {@link RedisStreamSender}) goes to
 *       the {@link UsageSpool}, and Redis counts as away: later batches go to
 *       the spool directly rather than waiting for a timeout each;</li>
 *   <li>every {@code replayInterval} the oldest spooled batch is sent; once Redis takes it, the spool is replayed in
 *       order, each batch given up only after Redis accepted it, and new batches go to Redis directly again;</li>
 *   <li>a journalled event reaches Redis or the spool, and only then is it released from the journal; one that
 *       the full buffer refuses, or in a batch neither Redis nor the spool takes, stays in the journal and is sent
 *       after the next start (counted as deferred);</li>
 *   <li>an event that is in neither the journal nor memory (the journal's write failed and the buffer was full, or
 *       it was recorded after close) is counted as dropped.</li>
 * </ul>
 * {@link #close} flushes the buffer to Redis, else to the spool, within a deadline.
 */
public final class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    /** Batches sent at once from memory; more would only queue in the Redis client while Redis is slow. */
    static final int MAX_IN_FLIGHT = 4;

    /**
     * How the recorder batches and retries.
     *
     * @param bufferCapacity events held in memory
     * @param batchSize      most events per batch (the contract allows 500)
     * @param flushInterval  how often the buffer is sent
     * @param replayInterval how often the spool is tried while Redis is away
     */
    public record Options(int bufferCapacity, int batchSize, Duration flushInterval, Duration replayInterval) {
        public Options {
            if (bufferCapacity < 1) {
                throw new IllegalArgumentException("the buffer capacity must be at least 1");
            }
            if (batchSize < 1 || batchSize > 500) {
                throw new IllegalArgumentException("the batch size must be between 1 and 500 (the contract's limit)");
            }
            if (flushInterval.toMillis() < 1 || replayInterval.toMillis() < 1) {
                throw new IllegalArgumentException("the flush and replay intervals must be at least 1 ms");
            }
        }
    }

    private final String node;
    private final Options options;
    private final BatchSender sender;
    private final UsageSpool spool;
    private final UsageMetrics metrics;
    private final UsageBuffer<Pending> buffer;
    /** {@code null}: no journal (tests of the batcher alone). */
    private final UsageJournal journal;
    private final AtomicBoolean warnedJournal = new AtomicBoolean();
    private final ScheduledExecutorService worker;
    /** Runs send completions on the worker; after close they are ignored (their batches were spooled by then). */
    private final Executor onWorker;
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final AtomicBoolean warnedBufferFull = new AtomicBoolean();
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long spoolBytes;

    // Owned by the worker thread.
    /** The journal segments (and how many events of each) a batch made from memory stands for. */
    private final Map<UsageBatch, Map<UsageJournal.Segment, Integer>> journalled = new IdentityHashMap<>();
    private final Set<UsageBatch> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<CompletableFuture<Void>> settledWaiters = new ArrayList<>();
    private boolean redisUp = true;
    private boolean replaying;
    private boolean closing;
    private boolean warnedSpoolFull;
    private ScheduledFuture<?> flushTask;
    private ScheduledFuture<?> replayTask;

    /**
     * @param node    the node id written into every batch
     * @param sender  where batches go (the Redis stream)
     * @param spool   where batches wait while the sender fails; owned by the recorder from now on
     * @param metrics the meters to count in
     */
    public UsageRecorder(String node, Options options, BatchSender sender, UsageSpool spool, UsageMetrics metrics) {
        this(node, options, sender, spool, null, metrics);
    }

    /**
     * @param journal the write-ahead journal every event goes to first; owned by the recorder from now on
     */
    public UsageRecorder(String node, Options options, BatchSender sender, UsageSpool spool, UsageJournal journal,
                         UsageMetrics metrics) {
        this.node = node;
        this.journal = journal;
        this.options = options;
        this.sender = sender;
        this.spool = spool;
        this.metrics = metrics;
        this.buffer = new UsageBuffer<>(options.bufferCapacity());
        this.spoolBytes = spool.bytes();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usage-recorder");
            t.setDaemon(true);
            return t;
        });
        this.onWorker = task -> {
            try {
                worker.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.debug("a usage send completed after the recorder closed");
            }
        };
        metrics.gauges(buffer::size, () -> spoolBytes);
        if (journal != null) {
            journal.housekeepOn(onWorker);
            metrics.journalGauge(journal::bytes);
        }
    }

    /** An event on its way: its JSON (encoded once) and the journal segment holding it, or {@code null}. */
    private record Pending(String json, UsageJournal.Segment segment) {
    }

    /**
     * Moves what an earlier process left in the journal into the spool, then starts the batch and replay timers; the
     * spool (an earlier process's too) is replayed from now on.
     */
    public void start() {
        worker.execute(() -> {
            if (journal != null) {
                long recovered = journal.recover(options.batchSize(), events -> {
                    UsageBatch batch = UsageBatch.ofEncoded(node, events);
                    boolean taken;
                    try {
                        taken = spool.append(batch);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (!taken) {
                        throw new IllegalStateException("the spool is full");
                    }
                    metrics.recovered(batch.count());
                });
                spoolBytes = spool.bytes();
                if (recovered > 0) {
                    LOG.infof("usage journal %s: %d events an earlier process left were moved into the spool, to be "
                            + "sent (again, if they had arrived: billing counts an event id once)", journal.dir(), recovered);
                }
            }
            long flushMs = options.flushInterval().toMillis();
            flushTask = worker.scheduleWithFixedDelay(this::flushOnTimer, flushMs, flushMs, TimeUnit.MILLISECONDS);
            replayTask = worker.scheduleWithFixedDelay(this::replayTick, 0, options.replayInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    /**
     * Records one event. Never blocks and never throws: if the buffer is full, or the recorder is closed, the event
     * is counted as dropped. Safe from any thread, including event loops.
     */
    public void record(UsageEvent event) {
        record(event, null);
    }

    /**
     * Writes {@code provisional}, the event of a request whose status line is about to be written, to the journal
     * only: if the process dies before {@link #record(UsageEvent, UsageJournal.Segment)} has journalled the final
     * event, the next start bills this one. Returns where it lies (to hand to {@code record}), or {@code null}.
     */
    public UsageJournal.Segment journalAhead(UsageEvent provisional) {
        if (journal == null || closed) {
            return null;
        }
        try {
            return journal.append(provisional.encode());
        } catch (IOException | RuntimeException e) {
            metrics.journalFailed();
            return null;
        }
    }

    /**
     * Records one event whose provisional version {@link #journalAhead} put in {@code provisionalIn} (or
     * {@code null}, and then this one is journalled): the final one replaces it on the way to Redis, and the
     * provisional one leaves the journal once the final one arrived.
     */
    public void record(UsageEvent event, UsageJournal.Segment provisionalIn) {
        metrics.recorded();
        if (closed) {
            metrics.dropped(1);
            LOG.debugf("usage event %s recorded after shutdown, dropped", event.id());
            return;
        }
        String json = event.encode();
        // With a provisional event in the journal the call is safe already: the final one goes to memory only (one
        // write per request, not two), and the provisional one is released once the final one reached Redis or the
        // spool. After a kill the provisional one is what the next start sends.
        UsageJournal.Segment segment = provisionalIn;
        if (journal != null && segment == null) {
            try {
                segment = journal.append(json);
            } catch (IOException | RuntimeException e) {
                metrics.journalFailed();
                if (warnedJournal.compareAndSet(false, true)) {
                    LOG.errorf("could not write to the usage journal %s (events are kept in memory only until it "
                            + "works again; counted in usage_journal_failures_total): %s", journal.dir(), e.toString());
                }
            }
        }
        if (!buffer.offer(new Pending(json, segment))) {
            if (segment != null) {
                metrics.deferred(1);
            } else {
                metrics.dropped(1);
            }
            if (warnedBufferFull.compareAndSet(false, true)) {
                LOG.errorf("usage buffer full (%d events): events wait in the journal for the next start "
                        + "(usage_events_deferred_total), or are dropped without one (usage_events_dropped_total)",
                        buffer.capacity());
            }
            return;
        }
        if (buffer.size() >= options.batchSize() && flushRequested.compareAndSet(false, true)) {
            try {
                worker.execute(this::flushFullBatches);
            } catch (RejectedExecutionException e) {
                flushRequested.set(false);
            }
        }
    }

    /** Events waiting in memory. */
    public int buffered() {
        return buffer.size();
    }

    /** Bytes in the spool not yet replayed, as of the worker's last spool operation. */
    public long spoolBytes() {
        return spoolBytes;
    }

    /**
     * Sends what the buffer holds now and completes when every batch in flight has settled (reached Redis or the
     * spool). The timer does the same on its own; this is for tests that must not depend on timing.
     */
    CompletableFuture<Void> flush() {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        worker.execute(() -> {
            drainBuffer(true);
            whenSettled(settled);
        });
        return settled;
    }

    /**
     * Flushes the buffer to Redis, else to the spool, waiting at most {@code timeout}; then stops the worker. Batches
     * still unanswered at the deadline are spooled too (they may then arrive twice, which the contract allows).
     * Events recorded after this are counted as dropped.
     */
    public void close(Duration timeout) {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> settled = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                closing = true;
                cancelTimers();
                drainBuffer(true);
                whenSettled(settled);
            });
            settled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("usage batches still unanswered after %d ms at shutdown: spooling them", timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.warnf("usage flush at shutdown failed: %s", e.toString());
        }
        closed = true;
        try {
            worker.submit(() -> {
                List<UsageBatch> unanswered = new ArrayList<>(inFlight);
                inFlight.clear();
                unanswered.forEach(this::spool);
                redisUp = false;
                drainBuffer(true);
                spoolBytes = spool.bytes();
                spool.close();
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
            LOG.errorf("usage recorder could not finish at shutdown: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
        // Only a record() racing the last drain can leave something here; count it rather than lose it silently.
        List<Pending> late = new ArrayList<>();
        int left = buffer.drainTo(late, Integer.MAX_VALUE);
        long inJournal = late.stream().filter(p -> p.segment() != null).count();
        metrics.deferred(inJournal);
        metrics.dropped(left - inJournal);
        if (journal != null) {
            journal.close();
        }
        LOG.infof("usage recorder closed: %d bytes in the spool %s for the next start%s",
                spoolBytes, spool.dir(), left > 0 ? "; " + left + " late events dropped" : "");
    }

    private void cancelTimers() {
        if (flushTask != null) {
            flushTask.cancel(false);
        }
        if (replayTask != null) {
            replayTask.cancel(false);
        }
    }

    /** The flush interval has passed: send what waits, a partial batch too. */
    private void flushOnTimer() {
        drainBuffer(closing, false);
        if (journal != null) {
            journal.force();
        }
    }

    /** A full batch is waiting: send full batches only; a remainder waits for more events or the timer. */
    private void flushFullBatches() {
        drainBuffer(closing, true);
    }

    /** Cuts the buffer into batches and dispatches them; {@code all} ignores the in-flight limit. */
    private void drainBuffer(boolean all) {
        drainBuffer(all, false);
    }

    /**
     * @param all        ignore the in-flight limit (shutdown)
     * @param fullBatches only cut full batches: a partial one is the timer's job, so that a burst goes out
     *                   in full batches and no remainder is sent in a batch of its own mid-burst
     */
    private void drainBuffer(boolean all, boolean fullBatches) {
        flushRequested.set(false);
        while (buffer.size() > 0 && (!fullBatches || buffer.size() >= options.batchSize())
                && (all || !redisUp || inFlight.size() < MAX_IN_FLIGHT)) {
            List<Pending> events = new ArrayList<>(Math.min(buffer.size(), options.batchSize()));
            if (buffer.drainTo(events, options.batchSize()) == 0) {
                break;
            }
            List<String> json = new ArrayList<>(events.size());
            Map<UsageJournal.Segment, Integer> segments = new IdentityHashMap<>(4);
            for (Pending p : events) {
                json.add(p.json());
                if (p.segment() != null) {
                    segments.merge(p.segment(), 1, Integer::sum);
                }
            }
            UsageBatch batch = UsageBatch.ofEncoded(node, json);
            if (!segments.isEmpty()) {
                journalled.put(batch, segments);
            }
            dispatch(batch);
        }
    }

    private void dispatch(UsageBatch batch) {
        if (!redisUp) {
            spool(batch);
            return;
        }
        inFlight.add(batch);
        send(batch).whenCompleteAsync((ok, failure) -> {
            if (!inFlight.remove(batch)) {
                return; // spooled at shutdown already
            }
            if (failure == null) {
                metrics.sent(batch.count());
                release(batch);
                redisIsUp();
                // Under load, full batches go out as fast as Redis answers, not MAX_IN_FLIGHT per flush interval.
                if (buffer.size() >= options.batchSize()) {
                    drainBuffer(closing, true);
                }
            } else {
                countUnreplicated(failure);
                redisIsDown(failure);
                spool(batch);
            }
            notifySettled();
        }, onWorker);
    }

    private void spool(UsageBatch batch) {
        try {
            if (spool.append(batch)) {
                metrics.spooled(batch.count());
                release(batch);
                warnedSpoolFull = false;
            } else {
                notTaken(batch);
                if (!warnedSpoolFull) {
                    warnedSpoolFull = true;
                    LOG.errorf("usage spool %s is full (%d bytes): events wait in the journal for the next start "
                            + "(usage_events_deferred_total), or are dropped without one (usage_events_dropped_total)",
                            spool.dir(), spool.bytes());
                }
            }
        } catch (IOException | RuntimeException e) {
            notTaken(batch);
            LOG.errorf("could not spool %d usage events to %s (kept in the journal for the next start if it holds "
                    + "them, else dropped): %s", batch.count(), spool.dir(), e.toString());
        }
        spoolBytes = spool.bytes();
    }

    /** The batch reached Redis or the spool: its events need the journal no more. */
    private void release(UsageBatch batch) {
        Map<UsageJournal.Segment, Integer> segments = journalled.remove(batch);
        if (segments != null) {
            segments.forEach(UsageJournal.Segment::release);
        }
    }

    /** Neither Redis nor the spool took the batch: what the journal holds waits there for the next start. */
    private void notTaken(UsageBatch batch) {
        Map<UsageJournal.Segment, Integer> segments = journalled.remove(batch);
        int inJournal = segments == null ? 0 : segments.values().stream().mapToInt(Integer::intValue).sum();
        metrics.deferred(inJournal);
        metrics.dropped(batch.count() - inJournal);
    }

    private void replayTick() {
        if (replaying || closing) {
            return;
        }
        if (spool.isEmpty()) {
            // Nothing spooled to probe Redis with: let the next batch be the probe.
            redisUp = true;
            return;
        }
        replaying = true;
        replayNext();
    }

    private void replayNext() {
        if (closing) {
            replaying = false;
            return;
        }
        Optional<UsageSpool.Spooled> next;
        try {
            next = spool.oldest();
        } catch (IOException e) {
            LOG.errorf("could not read the usage spool %s: %s", spool.dir(), e.toString());
            replaying = false;
            return;
        }
        spoolBytes = spool.bytes();
        if (next.isEmpty()) {
            replaying = false;
            LOG.infof("usage spool %s replayed to Redis", spool.dir());
            return;
        }
        UsageSpool.Spooled spooled = next.get();
        send(spooled.batch()).whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                replaying = false;
                countUnreplicated(failure);
                redisIsDown(failure);
                return;
            }
            metrics.replayed(spooled.batch().count());
            redisIsUp();
            try {
                spool.acknowledge(spooled);
            } catch (IOException | RuntimeException e) {
                // The batch stays in the spool and is sent again later: a duplicate, never a loss.
                LOG.errorf("could not mark a replayed usage batch done in %s: %s", spool.dir(), e.toString());
                replaying = false;
                return;
            }
            spoolBytes = spool.bytes();
            replayNext();
        }, onWorker);
    }

    private CompletableFuture<Void> send(UsageBatch batch) {
        try {
            return sender.send(batch).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void countUnreplicated(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RedisStreamSender.NotReplicatedException) {
            metrics.unreplicated();
        }
    }

    private void redisIsUp() {
        if (!redisUp) {
            redisUp = true;
            LOG.info("usage batches reach Redis again");
        }
    }

    private void redisIsDown(Throwable cause) {
        if (redisUp) {
            redisUp = false;
            LOG.warnf("Redis did not take a usage batch (%s): spooling to %s and retrying every %d ms",
                    cause.toString(), spool.dir(), options.replayInterval().toMillis());
        }
    }

    private void whenSettled(CompletableFuture<Void> settled) {
        settledWaiters.add(settled);
        notifySettled();
    }

    private void notifySettled() {
        if (!inFlight.isEmpty()) {
            return;
        }
        if (buffer.size() > 0 && closing) {
            drainBuffer(true);
            if (!inFlight.isEmpty()) {
                return;
            }
        }
        List<CompletableFuture<Void>> waiters = new ArrayList<>(settledWaiters);
        settledWaiters.clear();
        waiters.forEach(w -> w.complete(null));
    }
}
