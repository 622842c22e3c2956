package io.gatehouse.gateway.policy.ratelimit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Decides whether a request of one plan and subject fits the plan's limits, across every gateway
 * node, by asking a shared {@link LimitStore}.
 *
 * <ul>
 *   <li><b>Exact</b> plans make one atomic store call per request.</li>
 *   <li><b>Leased</b> plans reserve a slice of the budget (charged to every window at once) and
 *       spend it locally: most requests make no store call. Because budget is reserved before it
 *       is spent, the cluster never admits more than a window allows. The cost runs the other way:
 *       budget parked in one node's unspent slice while another node is denied. Slices are kept
 *       small where that matters: they grow only while a node spends them quickly (doubling from
 *       {@code initialSlice}), never exceed {@code maxSlice} nor {@code remaining / divisor} of the
 *       window's budget (so they shrink to 1 near exhaustion), expire with the first window they
 *       were charged to, and an idle node gives its unspent permits back.</li>
 *   <li>A denial is remembered until it can change ({@code Retry-After}), so a client hammering a
 *       spent limit costs no store calls. This never admits too much: the store's answer said no
 *       permit fits before then.</li>
 *   <li>When the store is really away (its connection refused or lost, or Redis silent: see
 *       {@link RedisLimitStore}; a slow answer from a busy gateway is waited for and used), the
 *       plan's degraded mode decides: fail-closed answers 503, fail-open lets each node count on
 *       its own ({@link LocalLimits}) up to its share of every limit, {@code ceil(limit / live
 *       nodes)}, so the cluster admits at most about one limit per window during an outage. A
 *       failure opens a breaker: for {@code storeRetryMs} nobody asks the store, then exactly one
 *       request probes it (others stay degraded meanwhile, so no request waits on a dead Redis but
 *       the probe) and its success closes the breaker.</li>
 * </ul>
 *
 * <p>Thread-safe. Calls may come from any event loop; answers are delivered on the caller's
 * context. Decisions that need no store call return completed futures.
 */
public final class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** Lease expiry is moved this much earlier than the store said, for the answer's travel time. */
    private static final long LEASE_MARGIN_NANOS = 5_000_000L;

    /**
     * Tuning of leases and degraded modes.
     *
     * @param initialSlice  permits a node asks for the first time (and after going idle)
     * @param maxSlice      the largest slice a node may hold
     * @param divisor       a slice is at most the window's remaining budget divided by this
     * @param horizonMs     a slice spent faster than this doubles the next one; slower halves it
     * @param idleReturnMs  a node unused this long gives its unspent permits back
     * @param storeRetryMs  after a store failure, decide degraded this long before one request probes the store
     */
    public record Settings(long initialSlice, long maxSlice, long divisor, long horizonMs, long idleReturnMs,
                           long storeRetryMs) {

        public Settings {
            if (initialSlice < 1 || maxSlice < initialSlice || divisor < 1 || horizonMs < 1 || storeRetryMs < 1) {
                throw new IllegalArgumentException("invalid rate limit settings: " + this);
            }
        }

        public static Settings defaults() {
            return new Settings(8, 200, 8, 250, 1_000, 100);
        }
    }

    private final LimitStore store;
    private final String namespace;
    private final Clock clock;
    private final LongSupplier nanos;
    private final Settings settings;
    private final RateLimitMetrics metrics;
    private final IntSupplier liveNodes;
    private final Map<StateKey, KeyState> states = new ConcurrentHashMap<>();
    private final AtomicBoolean storeFailing = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long storeDownUntilNanos;

    /**
     * @param namespace the Redis namespace; keys are {@code <ns>:rl:{<plan>:<subject>}:<window>…}
     * @param clock     wall clock: calendar windows of quotas
     * @param nanos     monotonic clock: leases, denial caching, the store's retry interval
     * @param liveNodes the gateway nodes alive, as last known: fail-open shares each limit among them
     */
    public RateLimiter(LimitStore store, String namespace, Clock clock, LongSupplier nanos, Settings settings,
                       RateLimitMetrics metrics, IntSupplier liveNodes) {
        this.store = store;
        this.namespace = namespace;
        this.clock = clock;
        this.nanos = nanos;
        this.settings = settings;
        this.metrics = metrics;
        this.liveNodes = liveNodes;
        this.storeDownUntilNanos = nanos.getAsLong();
    }

    /**
     * Decides one request of {@code plan} for {@code subject} (a subscription id, application id or
     * client IP, as the plan says).
     */
    public Future<LimitDecision> acquire(PlanLimits plan, String subject) {
        if (plan.unlimited()) {
            return Future.succeededFuture(LimitDecision.UNLIMITED);
        }
        StateKey key = new StateKey(plan.planId(), plan.subject(), subject);
        KeyState state = states.computeIfAbsent(key, k -> new KeyState(plan, subject));
        if (state.plan != plan && !state.plan.equals(plan)) {
            // The plan changed with a new config: start over with the new windows.
            state = new KeyState(plan, subject);
            states.put(key, state);
        }
        return plan.mode() == PlanLimits.Mode.LEASED ? leased(state) : exact(state);
    }

    // ------------------------------------------------------------------------------------ exact

    private Future<LimitDecision> exact(KeyState s) {
        long now = nanos.getAsLong();
        LimitStore.StoreCall call;
        synchronized (s) {
            s.lastUsedNanos = now;
            call = s.call(clock.instant());
            LimitDecision cached = s.cachedDenial(now);
            if (cached != null) {
                return done(s.plan, cached);
            }
        }
        if (storeDown(now)) {
            return Future.succeededFuture(degraded(s));
        }
        metrics.storeCall();
        return store.acquire(call, 1).map(answer -> {
            storeRecovered();
            LimitStore.Grant g = onGatewayClock(call, answer);
            LimitDecision d;
            synchronized (s) {
                d = g.granted() > 0
                        ? LimitDecision.allowed(status(s, g.remaining(), g.resetMs(), 0), false)
                        : s.deny(nanos.getAsLong(), g, status(s, g.remaining(), g.resetMs(), 0));
            }
            return record(s.plan, d);
        }).recover(e -> {
            storeFailed(e);
            return Future.succeededFuture(degraded(s));
        });
    }

    // ----------------------------------------------------------------------------------- leased

    private Future<LimitDecision> leased(KeyState s) {
        long now = nanos.getAsLong();
        Future<Void> waitFor;
        Promise<Void> refill = null;
        long asked = 0;
        LimitStore.StoreCall call;
        synchronized (s) {
            s.lastUsedNanos = now;
            call = s.call(clock.instant());
            LimitDecision cached = s.cachedDenial(now);
            if (cached != null) {
                return done(s.plan, cached);
            }
            if (s.permits > 0 && (now - s.leaseUntilNanos >= 0 || s.leaseCall != call)) {
                // Charged to a window that has ended: spending it now could exceed the new window.
                s.permits = 0;
            }
            if (s.permits > 0) {
                s.permits--;
                return done(s.plan, LimitDecision.allowed(s.leaseStatus(now), false));
            }
            if (s.refill == null) {
                if (storeDown(now)) {
                    return Future.succeededFuture(degraded(s));
                }
                refill = Promise.promise();
                s.refill = refill.future();
                asked = s.nextSlice(now);
            }
            waitFor = s.refill;
        }
        if (refill != null) {
            startRefill(s, call, asked, refill);
        }
        Context caller = Vertx.currentContext();
        Promise<LimitDecision> answer = Promise.promise();
        waitFor.onComplete(v -> onContext(caller, () -> leased(s).onComplete(answer)));
        return answer.future();
    }

    private void startRefill(KeyState s, LimitStore.StoreCall call, long asked, Promise<Void> refill) {
        metrics.storeCall();
        store.acquire(call, asked).onComplete(ar -> {
            long now = nanos.getAsLong();
            if (ar.succeeded()) {
                storeRecovered();
                LimitStore.Grant g = onGatewayClock(call, ar.result());
                metrics.leaseRefill(s.plan.planId(), g.granted());
                synchronized (s) {
                    if (g.granted() > 0) {
                        s.permits = g.granted();
                        s.leaseCall = call;
                        s.leaseGrantNanos = now;
                        s.leaseUntilNanos = now + g.leaseMs() * 1_000_000L - LEASE_MARGIN_NANOS;
                        s.leaseRemaining = g.remaining();
                        s.leaseResetMs = g.resetMs();
                    } else {
                        s.deny(now, g, status(s, g.remaining(), g.resetMs(), 0));
                    }
                    s.refill = null;
                }
            } else {
                storeFailed(ar.cause());
                synchronized (s) {
                    s.refill = null;
                }
            }
            refill.complete();
        });
    }

    /**
     * Quota windows are calendar windows chosen on the gateway's clock, so their resets (and a
     * quota's retry-after, and how long a lease may last) are counted on that clock too.
     */
    private LimitStore.Grant onGatewayClock(LimitStore.StoreCall call, LimitStore.Grant g) {
        long now = clock.millis();
        long[] reset = g.resetMs().clone();
        long lease = g.leaseMs();
        long retry = g.retryAfterMs();
        for (int i = 0; i < call.windows().size(); i++) {
            if (!call.windows().get(i).unit().rate()) {
                reset[i] = Math.max(0, call.spans()[i] - now);
                lease = lease < 0 ? reset[i] : Math.min(lease, reset[i]);
                if (g.deniedIndex() == i) {
                    retry = reset[i];
                }
            }
        }
        return new LimitStore.Grant(g.granted(), retry, g.deniedIndex(), Math.max(0, lease), g.remaining(), reset);
    }

    // --------------------------------------------------------------------------------- degraded

    private LimitDecision degraded(KeyState s) {
        if (s.plan.degraded() == PlanLimits.Degraded.FAIL_CLOSED) {
            return record(s.plan, LimitDecision.unavailable());
        }
        LocalLimits local;
        int nodes = Math.max(1, liveNodes.getAsInt());
        synchronized (s) {
            local = s.local(nodes);
        }
        return record(s.plan, local.acquire(clock));
    }

    /**
     * The breaker: true while the store is known away. Once {@code storeRetryMs} have passed since the
     * last failure, one request (the one that wins the probe) is let through to ask the store; the
     * others stay degraded until its answer closes the breaker or its failure opens it again.
     */
    private boolean storeDown(long now) {
        if (!storeFailing.get()) {
            return false;
        }
        if (now - storeDownUntilNanos < 0) {
            return true;
        }
        return !probing.compareAndSet(false, true);
    }

    private void storeFailed(Throwable e) {
        metrics.storeError();
        storeDownUntilNanos = nanos.getAsLong() + settings.storeRetryMs() * 1_000_000L;
        if (storeFailing.compareAndSet(false, true)) {
            LOG.warnf("the rate limit store is unreachable (%s); plans apply their degraded mode", e.toString());
        }
        probing.set(false);
    }

    private void storeRecovered() {
        if (storeFailing.compareAndSet(true, false)) {
            LOG.info("the rate limit store answers again; limits are enforced cluster-wide");
        }
        probing.set(false);
    }

    // ------------------------------------------------------------------------ upkeep and helpers

    /**
     * Gives back the unspent permits of nodes' keys idle for {@code idleReturnMs}, and forgets keys
     * idle for ten minutes. Call it periodically (every second or so).
     */
    public void sweep() {
        long now = nanos.getAsLong();
        long idle = settings.idleReturnMs() * 1_000_000L;
        states.forEach((k, s) -> {
            long unused;
            synchronized (s) {
                unused = now - s.lastUsedNanos;
            }
            if (unused >= idle) {
                giveBack(s, now);
            }
            if (unused >= 600_000_000_000L) {
                states.remove(k, s);
            }
        });
    }

    /**
     * While the breaker is open and its retry interval has passed, asks the store whether it is back (no request
     * waits on this), and closes the breaker when it answers. Call it every {@code storeRetryMs}; it does nothing
     * while the store is healthy.
     */
    public void probe() {
        long now = nanos.getAsLong();
        if (!storeFailing.get() || now - storeDownUntilNanos < 0 || !probing.compareAndSet(false, true)) {
            return;
        }
        store.ping().onComplete(ar -> {
            if (ar.succeeded()) {
                storeRecovered();
            } else {
                storeFailed(ar.cause());
            }
        });
    }

    /** Gives back every unspent permit (at shutdown); completes when the store has answered. */
    public Future<Void> releaseAll() {
        long now = nanos.getAsLong();
        List<Future<?>> all = new ArrayList<>();
        states.values().forEach(s -> {
            Future<?> f = giveBack(s, now);
            if (f != null) {
                all.add(f);
            }
        });
        return Future.join(all).mapEmpty();
    }

    private Future<?> giveBack(KeyState s, long now) {
        long back;
        LimitStore.StoreCall call;
        synchronized (s) {
            if (s.permits <= 0 || now - s.leaseUntilNanos >= 0 || s.refill != null) {
                return null;
            }
            back = s.permits;
            call = s.leaseCall;
            s.permits = 0;
            s.lastSlice = 0;
        }
        metrics.storeCall();
        return store.acquire(call, -back).onFailure(e -> LOG.debugf("could not give back %d permits: %s", back, e));
    }

    /** Prepares the store ahead of the first request. */
    public Future<Void> warmUp() {
        return store.warmUp();
    }

    /** True while the breaker is open: the store is taken for away (for tests). */
    boolean breakerOpen() {
        return storeFailing.get();
    }

    /** Keys the limiter currently tracks (for tests and metrics). */
    public int trackedKeys() {
        return states.size();
    }

    private LimitDecision record(PlanLimits plan, LimitDecision d) {
        String result = switch (d.verdict()) {
            case ALLOWED -> "allowed";
            case UNAVAILABLE -> "unavailable";
            case DENIED -> d.deniedWindow() != null && d.deniedWindow().kind() == LimitWindow.Kind.QUOTA
                    ? "denied-quota" : "denied-rate";
        };
        metrics.decision(plan.planId(), result, d.degraded());
        return d;
    }

    private Future<LimitDecision> done(PlanLimits plan, LimitDecision d) {
        return Future.succeededFuture(record(plan, d));
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private List<WindowStatus> status(KeyState s, long[] remaining, long[] resetMs, long extra) {
        List<WindowStatus> out = new ArrayList<>(s.plan.windows().size());
        for (int i = 0; i < s.plan.windows().size(); i++) {
            LimitWindow w = s.plan.windows().get(i);
            out.add(new WindowStatus(w, remaining[i] + extra, LocalLimits.ceilSeconds(resetMs[i]), s.spanSeconds[i]));
        }
        return out;
    }

    /**
     * Which {@link KeyState} a request belongs to. A record rather than a joined string, so that the hot path
     * allocates one small object instead of concatenating (the ids' hash codes are cached by {@link String}).
     */
    private record StateKey(String planId, PlanLimits.Subject kind, String subject) {
    }

    /** Everything one node knows about one plan and subject. Guarded by its own monitor. */
    private final class KeyState {
        final PlanLimits plan;
        final String subject;
        final long[] spanSeconds;
        LimitStore.StoreCall call;
        Instant callValidUntil = Instant.MIN;
        long lastUsedNanos;
        long deniedAtNanos;
        long deniedUntilNanos;
        LimitDecision denial;
        long permits;
        LimitStore.StoreCall leaseCall;
        long leaseGrantNanos;
        long leaseUntilNanos;
        long[] leaseRemaining;
        long[] leaseResetMs;
        long lastSlice;
        Future<Void> refill;
        LocalLimits local;

        KeyState(PlanLimits plan, String subject) {
            this.plan = plan;
            this.subject = subject;
            this.spanSeconds = new long[plan.windows().size()];
        }

        /** The store keys for now; quota keys name their calendar window, so they change with it. */
        LimitStore.StoreCall call(Instant now) {
            if (call != null && now.isBefore(callValidUntil)) {
                return call;
            }
            String base = namespace + ":rl:{" + plan.planId() + ':' + plan.subject().name().toLowerCase() + ':'
                    + subject + "}:";
            int n = plan.windows().size();
            List<String> keys = new ArrayList<>(n);
            long[] spans = new long[n];
            Instant validUntil = Instant.MAX;
            for (int i = 0; i < n; i++) {
                LimitWindow w = plan.windows().get(i);
                if (w.unit().rate()) {
                    keys.add(base + w.unit().code());
                    spans[i] = w.unit().spanMs();
                    spanSeconds[i] = w.unit().spanMs() / 1000;
                } else {
                    CalendarWindow cw = CalendarWindow.of(w.unit(), plan.zone(), now);
                    keys.add(base + w.unit().code() + ':' + cw.id());
                    spans[i] = cw.end().toEpochMilli();
                    spanSeconds[i] = cw.spanSeconds();
                    if (cw.end().isBefore(validUntil)) {
                        validUntil = cw.end();
                    }
                }
            }
            call = new LimitStore.StoreCall(List.copyOf(keys), plan.windows(), spans);
            callValidUntil = validUntil;
            // A new calendar window: a denial remembered from the old one no longer holds.
            denial = null;
            return call;
        }

        LimitDecision cachedDenial(long now) {
            if (denial == null) {
                return null;
            }
            long left = deniedUntilNanos - now;
            if (left <= 0) {
                denial = null;
                return null;
            }
            return denial.later((now - deniedAtNanos) / 1_000_000, (left + 999_999) / 1_000_000);
        }

        LimitDecision deny(long now, LimitStore.Grant g, List<WindowStatus> status) {
            long retry = Math.max(1, g.retryAfterMs());
            int index = g.deniedIndex() >= 0 ? g.deniedIndex() : firstExhausted(status);
            denial = LimitDecision.denied(retry, plan.windows().get(index), status, false);
            deniedAtNanos = now;
            deniedUntilNanos = now + retry * 1_000_000L;
            return denial;
        }

        long nextSlice(long now) {
            long next;
            if (lastSlice == 0) {
                next = settings.initialSlice();
            } else if (now - leaseGrantNanos < settings.horizonMs() * 1_000_000L) {
                next = lastSlice * 2;
            } else {
                next = Math.max(1, lastSlice / 2);
            }
            long budget = Long.MAX_VALUE;
            if (leaseRemaining != null && now - leaseUntilNanos < 0) {
                for (long r : leaseRemaining) {
                    budget = Math.min(budget, r);
                }
            } else {
                for (LimitWindow w : plan.windows()) {
                    budget = Math.min(budget, w.max());
                }
            }
            next = Math.min(next, Math.min(settings.maxSlice(), Math.max(1, budget / settings.divisor())));
            lastSlice = next;
            return next;
        }

        /** Headers while spending a lease: the budget the store had left after the grant, plus ours. */
        List<WindowStatus> leaseStatus(long now) {
            long elapsedMs = (now - leaseGrantNanos) / 1_000_000L;
            long[] reset = new long[leaseResetMs.length];
            for (int i = 0; i < reset.length; i++) {
                reset[i] = Math.max(0, leaseResetMs[i] - elapsedMs);
            }
            return status(this, leaseRemaining, reset, permits);
        }

        LocalLimits local(int nodes) {
            if (local == null || local.nodes() != nodes) {
                local = new LocalLimits(plan, nodes);
            }
            return local;
        }

        private int firstExhausted(List<WindowStatus> status) {
            for (int i = 0; i < status.size(); i++) {
                if (status.get(i).remaining() == 0) {
                    return i;
                }
            }
            return 0;
        }
    }
}
