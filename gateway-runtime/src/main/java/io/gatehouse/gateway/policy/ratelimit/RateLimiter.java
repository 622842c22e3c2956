package io.gatehouse.gateway.policy.ratelimit;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Decides whether a request of one plan and subject fits the plan's limits, across every gateway
 * node, by asking a shared {@link LimitStore}.
 *
 * <ul>
 *   <li><b>Exact</b> plans make one atomic store call per request ({@link ExactPath}).</li>
 *   <li><b>Leased</b> plans reserve a slice of the budget (charged to every window at once) and
 *       spend it locally: most requests make no store call ({@link LeasedPath}, {@link LeasedBudget}).
 *       Because budget is reserved before it is spent, the cluster never admits more than a window
 *       allows. The cost runs the other way: budget parked in one node's unspent slice while another
 *       node is denied. Slices are kept small where that matters (see {@link LeasedBudget}), and an
 *       idle node gives its unspent permits back ({@link #sweep}).</li>
 *   <li>A denial is remembered until it can change ({@code Retry-After}), so a client hammering a
 *       spent limit costs no store calls ({@link KeyState#cachedDenial}).</li>
 *   <li>When the store is really away (its connection refused or lost, or Redis silent: see
 *       {@link RedisLimitStore}; a slow answer from a busy gateway is waited for and used), the
 *       plan's degraded mode decides: fail-closed answers 503, fail-open lets each node count on
 *       its own ({@link LocalLimits}) up to its share of every limit, {@code ceil(limit / live
 *       nodes)}, so the cluster admits at most about one limit per window during an outage. A
 *       failure opens a breaker ({@link StoreHealth}): for {@code storeRetryMs} nobody asks the
 *       store, then exactly one request probes it and its success closes the breaker.</li>
 * </ul>
 *
 * <p>This class keeps the state per plan and subject and the upkeep; the paths decide. Thread-safe. Calls may
 * come from any event loop; answers are delivered on the caller's context. Decisions that need no store call
 * return completed futures.
 */
public final class RateLimiter {

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

    /** A key unused this long is forgotten. */
    private static final long FORGET_AFTER_NANOS = 600_000_000_000L;

    private final String namespace;
    private final LimiterParts parts;
    private final ExactPath exact;
    private final LeasedPath leased;
    private final Map<StateKey, KeyState> states = new ConcurrentHashMap<>();

    /**
     * @param namespace the Redis namespace; keys are {@code <ns>:rl:{<plan>:<subject>}:<window>…}
     * @param clock     wall clock: calendar windows of quotas
     * @param nanos     monotonic clock: leases, denial caching, the store's retry interval
     * @param liveNodes the gateway nodes alive, as last known: fail-open shares each limit among them
     */
    public RateLimiter(LimitStore store, String namespace, Clock clock, LongSupplier nanos, Settings settings,
                       RateLimitMetrics metrics, IntSupplier liveNodes) {
        this.namespace = namespace;
        this.parts = new LimiterParts(store, clock, nanos, settings, metrics, liveNodes);
        this.exact = new ExactPath(parts);
        this.leased = new LeasedPath(parts);
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
        KeyState state = states.computeIfAbsent(key, k -> new KeyState(plan, subject, namespace));
        if (state.plan != plan && !state.plan.equals(plan)) {
            // The plan changed with a new config: start over with the new windows.
            state = new KeyState(plan, subject, namespace);
            states.put(key, state);
        }
        return plan.mode() == PlanLimits.Mode.LEASED ? leased.decide(state) : exact.decide(state);
    }

    /**
     * Gives back the unspent permits of nodes' keys idle for {@code idleReturnMs}, and forgets keys
     * idle for ten minutes. Call it periodically (every second or so).
     */
    public void sweep() {
        long now = parts.nanos.getAsLong();
        long idle = parts.settings.idleReturnMs() * 1_000_000L;
        states.forEach((k, s) -> {
            long unused;
            synchronized (s) {
                unused = now - s.lastUsedNanos;
            }
            if (unused >= idle) {
                leased.giveBack(s, now);
            }
            if (unused >= FORGET_AFTER_NANOS) {
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
        parts.health.probe(parts.store);
    }

    /** Gives back every unspent permit (at shutdown); completes when the store has answered. */
    public Future<Void> releaseAll() {
        long now = parts.nanos.getAsLong();
        List<Future<?>> all = new ArrayList<>();
        states.values().forEach(s -> {
            Future<?> f = leased.giveBack(s, now);
            if (f != null) {
                all.add(f);
            }
        });
        return Future.join(all).mapEmpty();
    }

    /** Prepares the store ahead of the first request. */
    public Future<Void> warmUp() {
        return parts.store.warmUp();
    }

    /** True while the breaker is open: the store is taken for away (for tests). */
    boolean breakerOpen() {
        return parts.health.open();
    }

    /** Keys the limiter currently tracks (for tests and metrics). */
    public int trackedKeys() {
        return states.size();
    }

    /**
     * Which {@link KeyState} a request belongs to. A record rather than a joined string, so that the hot path
     * allocates one small object instead of concatenating (the ids' hash codes are cached by {@link String}).
     */
    private record StateKey(String planId, PlanLimits.Subject kind, String subject) {
    }
}
