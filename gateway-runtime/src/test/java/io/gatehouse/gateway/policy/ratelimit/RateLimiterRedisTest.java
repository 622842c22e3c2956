package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.support.TcpProxy;
import io.gatehouse.gateway.redis.LoopConnections;
import io.gatehouse.testing.RedisNamespaceResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limiter and its Redis script against the machine's real Redis (no mocks): exact and leased
 * modes across several "nodes" (limiter instances sharing Redis), window edges, calendar quotas
 * on a clock the test moves, and the degraded modes with Redis taken away through a TCP proxy.
 */
class RateLimiterRedisTest {

    private static final URI REDIS = URI.create(RedisNamespaceResource.REDIS_URL);
    private static final String REDIS_URL = REDIS.toString();
    private static final List<LoopConnections> OPENED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final long TIGHT_BUDGET_MS = 50;
    private static Vertx vertx;
    private static Redis redis;

    private final String ns = "rltest-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(REDIS.toString()).setMaxPoolSize(16)
                .setMaxPoolWaiting(10_000));
    }

    @AfterAll
    static void close() {
        OPENED.forEach(LoopConnections::close);
        redis.close();
        vertx.close();
    }

    @Test
    void exact_mode_admits_exactly_the_limit_then_denies_with_retry_after() throws Exception {
        PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(100, "minute"));
        RateLimiter limiter = limiter(REDIS_URL, Clock.systemUTC(), System::nanoTime);
        int allowed = 0;
        LimitDecision last = null;
        for (int i = 0; i < 150; i++) {
            last = await(limiter.acquire(plan, "sub-1"));
            allowed += last.allowed() ? 1 : 0;
        }
        assertEquals(100, allowed);
        assertEquals(LimitDecision.Verdict.DENIED, last.verdict());
        assertEquals(LimitWindow.Unit.MINUTE, last.deniedWindow().unit());
        assertTrue(last.retryAfterMs() > 0 && last.retryAfterMs() <= 60_000, "retry after " + last.retryAfterMs());
        assertFalse(last.degraded());
    }

    @Test
    void three_nodes_sharing_redis_admit_exactly_the_limit_of_500_concurrent_requests() throws Exception {
        PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(100, "minute"));
        List<RateLimiter> nodes = List.of(limiter(REDIS_URL, Clock.systemUTC(), System::nanoTime),
                limiter(REDIS_URL, Clock.systemUTC(), System::nanoTime), limiter(REDIS_URL, Clock.systemUTC(), System::nanoTime));
        List<Future<LimitDecision>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(nodes.get(i % 3).acquire(plan, "sub-1"));
        }
        long allowed = 0;
        for (Future<LimitDecision> f : all) {
            LimitDecision d = await(f);
            allowed += d.allowed() ? 1 : 0;
            if (!d.allowed()) {
                assertTrue(d.retryAfterMs() > 0);
            }
        }
        assertEquals(100, allowed);
    }

    @Test
    void a_rate_window_admits_no_double_burst_at_its_edge() throws Exception {
        PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(10, "second"));
        RateLimiter limiter = limiter(REDIS_URL, Clock.systemUTC(), System::nanoTime);
        // Ten requests in the last ~100 ms of a second, ten right after it begins.
        sleepUntilMillisOfSecond(880);
        long first = System.nanoTime();
        int before = countAllowed(limiter, plan, 10);
        sleepUntilMillisOfSecond(20);
        int after = countAllowed(limiter, plan, 10);
        long elapsedMs = (System.nanoTime() - first) / 1_000_000;
        assertEquals(10, before, "a full bucket admits its capacity");
        // The bucket refills one request per 100 ms; a fixed window would admit 10 more here.
        long bucketAllows = elapsedMs / 100 + 1;
        assertTrue(after <= bucketAllows, after + " admitted after the edge, the bucket allows " + bucketAllows
                + " in " + elapsedMs + " ms");
        assertTrue(before + after < 20, "no 2x burst at the window edge");
    }

    @Test
    void a_month_quota_resets_at_the_calendar_boundary_of_the_plan_time_zone() throws Exception {
        // The next month boundary in Berlin, found from the real clock, so the test reads the same on any date
        // (Redis keeps its own real time): Berlin's month begins an hour or two before UTC's.
        ZoneId berlinZone = ZoneId.of("Europe/Berlin");
        Instant berlinMonth = YearMonth.now(berlinZone).plusMonths(1).atDay(1).atStartOfDay(berlinZone).toInstant();
        Instant utcMonth = YearMonth.from(berlinMonth.atZone(berlinZone)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        MutableClock clock = new MutableClock(berlinMonth.minusSeconds(10));
        PlanLimits berlin = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "Europe/Berlin", quota(3, "month"));
        PlanLimits utc = new PlanLimits("plan-utc-" + UUID.randomUUID(), PlanLimits.Subject.SUBSCRIPTION,
                PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, ZoneOffset.UTC, List.of(quota(3, "month")));
        RateLimiter limiter = limiter(REDIS_URL, clock, System::nanoTime);
        long firstDenial = System.nanoTime();
        assertEquals(3, countAllowed(limiter, berlin, 5));
        assertEquals(3, countAllowed(limiter, utc, 5));

        LimitDecision denied = await(limiter.acquire(berlin, "sub-1"));
        // A remembered denial counts down on the monotonic clock: allow for the real time this test has taken.
        long tookMs = (System.nanoTime() - firstDenial) / 1_000_000;
        assertEquals(LimitWindow.Kind.QUOTA, denied.deniedWindow().kind());
        assertTrue(denied.retryAfterMs() >= 10_000 - tookMs - 5 && denied.retryAfterMs() <= 10_000,
                "resets at midnight in Berlin, 10 s away: " + denied.retryAfterMs() + " (" + tookMs + " ms later)");

        clock.set(berlinMonth);
        LimitDecision nextMonth = await(limiter.acquire(berlin, "sub-1"));
        assertTrue(nextMonth.allowed(), "a new month has begun in Berlin");
        assertEquals(2, nextMonth.windows().get(0).remaining());
        assertFalse(await(limiter.acquire(utc, "sub-1")).allowed(), "in UTC it is still the old month");

        clock.set(utcMonth);
        assertTrue(await(limiter.acquire(utc, "sub-1")).allowed(), "and then the new month begins in UTC too");
    }

    @Test
    void a_quota_holds_when_the_gateway_clock_is_days_away_from_redis_clock() throws Exception {
        // Quota windows are named and ended on the gateway's clock, expiries are judged on Redis': a counter
        // must never expire as it is written, whichever way and however far the two clocks disagree.
        for (Duration skew : List.of(Duration.ofDays(-40), Duration.ofDays(-2), Duration.ofDays(-1), Duration.ofDays(1),
                Duration.ofDays(2), Duration.ofDays(40))) {
            for (String unit : List.of("day", "month")) {
                Clock skewed = Clock.offset(Clock.systemUTC(), skew);
                PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "Europe/Berlin", quota(3, unit));
                assertEquals(3, countAllowed(limiter(REDIS_URL, skewed, System::nanoTime), plan, 5),
                        unit + " quota with the gateway clock " + skew + " off Redis'");
                assertEquals(0, countAllowed(limiter(REDIS_URL, skewed, System::nanoTime), plan, 2),
                        "another node on the same clock finds the " + unit + " quota spent (" + skew + ")");
                String window = CalendarWindow.of(LimitWindow.Unit.of(unit), plan.zone(), skewed.instant()).id();
                String key = ns + ":rl:{" + plan.planId() + ":subscription:sub-1}:" + unit + ":" + window;
                long ttlMs = await(redis.send(Request.cmd(Command.PTTL).arg(key))).toLong();
                assertTrue(ttlMs > 86_000_000L, "the counter lives at least a day on Redis' clock (" + skew + ", "
                        + unit + "): " + ttlMs + " ms");
            }
        }
    }

    @Test
    void leased_nodes_never_admit_more_than_the_limit_and_rarely_call_the_store() throws Exception {
        avoidHourBoundary();
        PlanLimits plan = plan(PlanLimits.Mode.LEASED, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(10_000, "hour"));
        List<CountingStore> stores = new ArrayList<>();
        List<RateLimiter> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CountingStore store = new CountingStore(new RedisLimitStore(connections(REDIS_URL, 2_000)));
            stores.add(store);
            nodes.add(new RateLimiter(store, ns, Clock.systemUTC(), System::nanoTime, RateLimiter.Settings.defaults(),
                    RateLimitMetrics.NONE, () -> 3));
        }
        int perNode = 4_500;
        List<CompletableFuture<Long>> admitted = new ArrayList<>();
        for (RateLimiter node : nodes) {
            admitted.add(drive(node, plan, perNode, 32));
        }
        long total = 0;
        for (CompletableFuture<Long> f : admitted) {
            total += f.get(120, TimeUnit.SECONDS);
        }
        long calls = stores.stream().mapToLong(s -> s.calls.get()).sum();
        long maxSlice = RateLimiter.Settings.defaults().maxSlice();
        System.out.printf("leased: %d admitted of %d requests, %d store calls%n", total, 3 * perNode, calls);
        assertTrue(total <= 10_000, "never more than the limit: " + total);
        assertTrue(total >= 10_000 - 3 * maxSlice, "at most the nodes' unspent slices are wrongly denied: " + total);
        assertTrue(calls * 20 < 3 * perNode, "far fewer store calls than requests: " + calls);
    }

    @Test
    void an_idle_node_gives_its_unspent_permits_back() throws Exception {
        AtomicLong nanos = new AtomicLong(System.nanoTime());
        PlanLimits plan = plan(PlanLimits.Mode.LEASED, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(1_000, "hour"));
        RateLimiter limiter = limiter(REDIS_URL, Clock.systemUTC(), nanos::get);
        assertTrue(await(limiter.acquire(plan, "sub-1")).allowed());
        String key = ns + ":rl:{" + plan.planId() + ":subscription:sub-1}:hour";
        assertEquals(RateLimiter.Settings.defaults().initialSlice(), usedIn(key), "a first slice is reserved");

        nanos.addAndGet(2_000_000_000L);
        limiter.sweep();
        waitUntil(() -> usedIn(key) == 1);
        assertEquals(1, usedIn(key), "only the spent permit stays counted");
    }

    @Test
    void fail_open_serves_within_the_local_cap_while_redis_is_away_and_enforcement_resumes_after() throws Exception {
        try (TcpProxy proxy = new TcpProxy(vertx, REDIS.getHost(), REDIS.getPort())) {
            String viaProxy = "redis://127.0.0.1:" + proxy.port();
            AtomicLong nanos = new AtomicLong(System.nanoTime());
            PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(5, "minute"));
            RateLimiter limiter = limiter(viaProxy, Clock.systemUTC(), nanos::get, TIGHT_BUDGET_MS);
            assertEquals(2, countAllowed(limiter, plan, 2));

            proxy.cut();
            long start = System.nanoTime();
            LimitDecision first = await(limiter.acquire(plan, "sub-1"));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(first.allowed() && first.degraded(), "fail-open serves: " + first);
            assertTrue(waitedMs < TIGHT_BUDGET_MS + 200, "no request waits much past the timeout budget: " + waitedMs + " ms");
            // The local cap is the plan's limit on this node: 4 more, then denied, all without Redis.
            assertEquals(4, countAllowed(limiter, plan, 10));

            proxy.restore();
            nanos.addAndGet(1_100_000_000L);
            LimitDecision back = await(limiter.acquire(plan, "sub-2"));
            assertTrue(back.allowed());
            assertFalse(back.degraded(), "the store decides again once it is back");
        }
    }

    @Test
    void the_breaker_probe_puts_redis_back_in_use_without_waiting_for_traffic() throws Exception {
        try (TcpProxy proxy = new TcpProxy(vertx, REDIS.getHost(), REDIS.getPort())) {
            String viaProxy = "redis://127.0.0.1:" + proxy.port();
            AtomicLong nanos = new AtomicLong(System.nanoTime());
            PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_CLOSED, "UTC", rate(50, "minute"));
            RateLimiter limiter = limiter(viaProxy, Clock.systemUTC(), nanos::get, TIGHT_BUDGET_MS);
            assertTrue(await(limiter.acquire(plan, "sub-1")).allowed());

            proxy.cut();
            assertEquals(LimitDecision.Verdict.UNAVAILABLE, await(limiter.acquire(plan, "sub-1")).verdict());
            limiter.probe();
            assertEquals(LimitDecision.Verdict.UNAVAILABLE, await(limiter.acquire(plan, "sub-1")).verdict(),
                    "no probe before the retry interval has passed, and requests do not wait");

            proxy.restore();
            nanos.addAndGet(200_000_000L);
            limiter.probe();
            for (int i = 0; i < 250 && limiter.breakerOpen(); i++) {
                Thread.sleep(20);
            }
            assertFalse(limiter.breakerOpen(), "the probe alone, with no request, closed the breaker");
            LimitDecision back = await(limiter.acquire(plan, "sub-1"));
            assertTrue(back.allowed() && !back.degraded(), "Redis decides again: " + back);
        }
    }

    @Test
    void fail_closed_answers_unavailable_and_a_hanging_redis_costs_at_most_the_timeout_budget() throws Exception {
        try (TcpProxy proxy = new TcpProxy(vertx, REDIS.getHost(), REDIS.getPort())) {
            String viaProxy = "redis://127.0.0.1:" + proxy.port();
            PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_CLOSED, "UTC", rate(5, "minute"));
            RateLimiter limiter = limiter(viaProxy, Clock.systemUTC(), System::nanoTime, TIGHT_BUDGET_MS);
            assertTrue(await(limiter.acquire(plan, "sub-1")).allowed());

            proxy.stall();
            long start = System.nanoTime();
            LimitDecision d = await(limiter.acquire(plan, "sub-1"));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(LimitDecision.Verdict.UNAVAILABLE, d.verdict());
            assertTrue(waitedMs >= TIGHT_BUDGET_MS - 5 && waitedMs < TIGHT_BUDGET_MS + 200,
                    "waited " + waitedMs + " ms for a budget of " + TIGHT_BUDGET_MS + " ms");
            start = System.nanoTime();
            assertEquals(LimitDecision.Verdict.UNAVAILABLE, await(limiter.acquire(plan, "sub-1")).verdict());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 20, "while the store is known down, nobody waits");
        }
    }

    @Test
    void a_saturated_event_loop_is_never_taken_for_redis_being_away() throws Exception {
        avoidMinuteBoundary();
        PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(200, "minute"));
        // The tight budget: every one of these calls waits far longer than 50 ms from the moment it is made, behind
        // the pool's queue and 600 ms of other work on its own event loop, while Redis answers within a millisecond.
        RateLimiter node = limiter(REDIS_URL, Clock.systemUTC(), System::nanoTime, TIGHT_BUDGET_MS);
        io.vertx.core.Context loop = vertx.getOrCreateContext();
        List<CompletableFuture<LimitDecision>> all = new ArrayList<>();
        CompletableFuture<Void> issued = new CompletableFuture<>();
        loop.runOnContext(v -> {
            for (int i = 0; i < 1_000; i++) {
                all.add(node.acquire(plan, "sub-1").toCompletionStage().toCompletableFuture());
                if (i % 50 == 0) {
                    loop.runOnContext(busy -> spin(30));
                }
            }
            issued.complete(null);
        });
        issued.get(10, TimeUnit.SECONDS);
        int allowed = 0;
        int degraded = 0;
        for (CompletableFuture<LimitDecision> f : all) {
            LimitDecision d = f.get(30, TimeUnit.SECONDS);
            allowed += d.allowed() ? 1 : 0;
            degraded += d.degraded() ? 1 : 0;
        }
        assertEquals(0, degraded, "a busy gateway is not Redis being away");
        assertEquals(200, allowed, "exactly the limit, each decided by Redis");
    }

    @Test
    void fail_open_gives_each_live_node_its_share_of_the_limit_while_redis_is_away() throws Exception {
        avoidMinuteBoundary();
        try (TcpProxy proxy = new TcpProxy(vertx, REDIS.getHost(), REDIS.getPort())) {
            String viaProxy = "redis://127.0.0.1:" + proxy.port();
            PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(10, "minute"));
            List<RateLimiter> nodes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                nodes.add(limiter(viaProxy, Clock.systemUTC(), System::nanoTime, TIGHT_BUDGET_MS, 3));
            }
            proxy.cut();
            int total = 0;
            for (RateLimiter node : nodes) {
                int admitted = 0;
                for (int i = 0; i < 10; i++) {
                    LimitDecision d = await(node.acquire(plan, "sub-1"));
                    assertTrue(d.degraded(), "decided without Redis: " + d);
                    admitted += d.allowed() ? 1 : 0;
                }
                assertEquals(4, admitted, "ceil(10 / 3 live nodes) on each node");
                total += admitted;
            }
            assertEquals(12, total, "the cluster's bound: live nodes x ceil(limit / live nodes)");
        }
    }

    @Test
    void a_remembered_denial_keeps_every_reset_in_step_with_its_retry_after() throws Exception {
        avoidMinuteBoundary();
        PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "UTC", rate(3, "minute"),
                quota(1_000, "day"));
        AtomicLong nanos = new AtomicLong(System.nanoTime());
        RateLimiter limiter = limiter(REDIS_URL, Clock.systemUTC(), nanos::get);
        assertEquals(3, countAllowed(limiter, plan, 3));
        LimitDecision first = await(limiter.acquire(plan, "sub-1"));
        nanos.addAndGet(2_500_000_000L);
        LimitDecision remembered = await(limiter.acquire(plan, "sub-1"));
        for (LimitDecision d : List.of(first, remembered)) {
            assertEquals(LimitDecision.Verdict.DENIED, d.verdict());
            WindowStatus minute = d.windows().get(0);
            assertEquals((d.retryAfterMs() + 999) / 1000, minute.resetSeconds(), "t of the denied window is Retry-After");
            assertEquals(0, minute.remaining());
        }
        assertEquals(first.retryAfterMs() - 2_500, remembered.retryAfterMs(), 1, "the remembered denial counts down");
    }

    @Test
    void a_denial_of_every_window_kind_names_one_instant_for_retry_and_reset() throws Exception {
        avoidMinuteBoundary();
        for (LimitWindow window : List.of(rate(2, "second"), rate(2, "minute"), rate(2, "hour"), quota(2, "day"),
                quota(2, "month"))) {
            PlanLimits plan = plan(PlanLimits.Mode.EXACT, PlanLimits.Degraded.FAIL_OPEN, "Europe/Berlin", window);
            RateLimiter limiter = limiter(REDIS_URL, Clock.systemUTC(), System::nanoTime);
            assertEquals(2, countAllowed(limiter, plan, 2));
            LimitDecision d = await(limiter.acquire(plan, "sub-1"));
            assertEquals(LimitDecision.Verdict.DENIED, d.verdict(), window.name());
            WindowStatus status = d.windows().get(0);
            assertEquals((d.retryAfterMs() + 999) / 1000, status.resetSeconds(), window.name() + ": t is Retry-After");
            assertEquals(0, status.remaining(), window.name());
            if (window.kind() == LimitWindow.Kind.QUOTA) {
                long toEnd = CalendarWindow.of(window.unit(), plan.zone(), Instant.now()).end().toEpochMilli()
                        - System.currentTimeMillis();
                assertEquals(toEnd, d.retryAfterMs(), 2_000, window.name() + ": a quota resets at its calendar end");
            }
        }
    }

    @Test
    void a_plan_without_limits_never_calls_the_store() throws Exception {
        CountingStore store = new CountingStore(new RedisLimitStore(connections(REDIS_URL, 50)));
        RateLimiter limiter = new RateLimiter(store, ns, Clock.systemUTC(), System::nanoTime,
                RateLimiter.Settings.defaults(), RateLimitMetrics.NONE, () -> 1);
        PlanLimits plan = new PlanLimits("free", PlanLimits.Subject.SUBSCRIPTION, PlanLimits.Mode.EXACT,
                PlanLimits.Degraded.FAIL_OPEN, ZoneOffset.UTC, List.of());
        assertTrue(await(limiter.acquire(plan, "sub-1")).allowed());
        assertEquals(0, store.calls.get());
        assertNull(await(limiter.acquire(plan, "sub-1")).deniedWindow());
    }

    // ---- helpers ----

    /**
     * A node with a generous timeout budget: these tests share two cores with builds, and only the
     * tests about timeouts should ever see one ({@link #TIGHT_BUDGET_MS}).
     */
    private RateLimiter limiter(String client, Clock clock, java.util.function.LongSupplier nanos) {
        return limiter(client, clock, nanos, 1_000);
    }

    private RateLimiter limiter(String client, Clock clock, java.util.function.LongSupplier nanos, long budgetMs) {
        return limiter(client, clock, nanos, budgetMs, 1);
    }

    private RateLimiter limiter(String client, Clock clock, java.util.function.LongSupplier nanos, long budgetMs,
                                int liveNodes) {
        RedisLimitStore store = new RedisLimitStore(connections(client, budgetMs));
        try {
            await(store.warmUp());
        } catch (Exception e) {
            throw new IllegalStateException("Redis is needed for this test", e);
        }
        return new RateLimiter(new ErrorReportingStore(store), ns, clock, nanos, RateLimiter.Settings.defaults(),
                RateLimitMetrics.NONE, () -> liveNodes);
    }

    /** The limiter's own connections to {@code url}, with a silence budget of {@code budgetMs}. */
    private static LoopConnections connections(String url, long budgetMs) {
        LoopConnections c = new LoopConnections(vertx, new RedisOptions().setConnectionString(url), budgetMs,
                Math.max(budgetMs, 5_000));
        OPENED.add(c);
        return c;
    }

    private PlanLimits plan(PlanLimits.Mode mode, PlanLimits.Degraded degraded, String zone, LimitWindow... windows) {
        return new PlanLimits("plan-" + UUID.randomUUID(), PlanLimits.Subject.SUBSCRIPTION, mode, degraded,
                ZoneId.of(zone), List.of(windows));
    }

    private static LimitWindow rate(long max, String unit) {
        return new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.of(unit), max);
    }

    private static LimitWindow quota(long max, String unit) {
        return new LimitWindow(LimitWindow.Kind.QUOTA, LimitWindow.Unit.of(unit), max);
    }

    private static int countAllowed(RateLimiter limiter, PlanLimits plan, int n) throws Exception {
        List<Future<LimitDecision>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(limiter.acquire(plan, "sub-1"));
        }
        int allowed = 0;
        for (Future<LimitDecision> f : all) {
            allowed += await(f).allowed() ? 1 : 0;
        }
        return allowed;
    }

    /**
     * {@code total} requests through one node, {@code concurrency} at a time, from an event loop of
     * its own as in the gateway; completes with the admitted count.
     */
    private static CompletableFuture<Long> drive(RateLimiter node, PlanLimits plan, int total, int concurrency) {
        io.vertx.core.Context loop = vertx.getOrCreateContext();
        CompletableFuture<Long> done = new CompletableFuture<>();
        AtomicLong started = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        AtomicLong admitted = new AtomicLong();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (started.incrementAndGet() > total) {
                return;
            }
            node.acquire(plan, "sub-1").onComplete(ar -> {
                if (ar.succeeded() && ar.result().allowed()) {
                    admitted.incrementAndGet();
                }
                if (finished.incrementAndGet() == total) {
                    done.complete(admitted.get());
                } else {
                    // Through the loop's queue: decisions from a local slice complete at once, and
                    // chaining them directly would recurse thousands deep.
                    loop.runOnContext(v -> next[0].run());
                }
            });
        };
        for (int i = 0; i < concurrency; i++) {
            loop.runOnContext(v -> next[0].run());
        }
        return done;
    }

    private long usedIn(String key) {
        try {
            Response r = await(redis.send(Request.cmd(Command.HGET).arg(key).arg("used")));
            return r == null ? 0 : r.toLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void sleepUntilMillisOfSecond(int ms) throws InterruptedException {
        long now = System.currentTimeMillis();
        long wait = (ms - now % 1000 + 1000) % 1000;
        Thread.sleep(wait == 0 ? 1000 : wait);
    }

    /** Keeps a test that fills a minute window off a minute boundary. */
    private static void avoidMinuteBoundary() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000L;
        if (intoMinute > 50_000L) {
            Thread.sleep(60_000L - intoMinute + 100);
        }
    }

    private static void spin(long ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** Keeps a test that fills an hour window off an hour boundary (rarely waits at all). */
    private static void avoidHourBoundary() throws InterruptedException {
        long intoHour = System.currentTimeMillis() % 3_600_000L;
        if (intoHour > 3_600_000L - 60_000L) {
            Thread.sleep(3_600_000L - intoHour + 100);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Prints why a store call failed, so a test that sees a degraded decision it did not expect says why. */
    static final class ErrorReportingStore implements LimitStore {
        final LimitStore delegate;

        ErrorReportingStore(LimitStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Future<Grant> acquire(StoreCall call, long asked) {
            return delegate.acquire(call, asked).onFailure(e -> System.out.println("store call failed: " + e));
        }

        @Override
        public Future<Void> ping() {
            return delegate.ping();
        }
    }

    /** Counts the calls a node makes to the store. */
    static final class CountingStore implements LimitStore {
        final LimitStore delegate;
        final AtomicLong calls = new AtomicLong();

        CountingStore(LimitStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Future<Grant> acquire(StoreCall call, long asked) {
            calls.incrementAndGet();
            return delegate.acquire(call, asked);
        }

        @Override
        public Future<Void> ping() {
            return delegate.ping();
        }
    }
}
