package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
import io.gatehouse.testing.TcpProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: a plan's numbers hold across a cluster of busy gateways. Three gateway processes share one Redis, which
 * they reach through a TCP proxy this test controls; a client keeps 48 keep-alive connections busy, 16 on each
 * gateway, which saturates this two-core machine (the gateways, management, the upstream, Redis and the client share
 * it). The gateways run with their default limiter settings. Every case runs three times in a row, each run on a fresh
 * subscription, and every run must pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRateLimitTest {

    private static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    private static final String GATEWAY_TOKEN = "e2e-gateway-token-" + UUID.randomUUID();
    private static final String PEPPER = "e2e-pepper-" + UUID.randomUUID();
    private static final int GATEWAYS = 3;
    private static final int CONNECTIONS_PER_GATEWAY = 16;
    private static final int RUNS = 3;
    private static final Pattern STORE_CALLS = Pattern.compile("(?m)^gatehouse_ratelimit_store_calls_total(?:\\{[^}]*})? ([0-9.E+]+)");
    private static final Pattern STORE_AWAY = Pattern.compile("(?m)^gatehouse_ratelimit_store_away(?:\\{[^}]*})? ([0-9.E+]+)");
    private static final Pattern LIVE_NODES = Pattern.compile("(?m)^gatehouse_gateway_live_nodes(?:\\{[^}]*})? ([0-9.E+]+)");

    private EchoUpstream upstream;
    private ServiceProcess management;
    private TcpProxy redisProxy;
    private final List<ServiceProcess> gateways = new ArrayList<>();
    private Vertx vertx;
    private HttpClient client;
    private String warmKey;
    private Admin admin;
    private final Closer closer = new Closer();

    @BeforeAll
    void start_management_and_three_gateways_behind_a_cuttable_redis() throws Exception {
        String dbUrl = PostgresDatabase.recreate("gatehouse_e2e_cluster");
        String namespace = "e2e-rl-" + UUID.randomUUID().toString().substring(0, 8);
        URI redis = URI.create(System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
        redisProxy = TcpProxy.start(redis.getHost(), redis.getPort());
        upstream = closer.add(new EchoUpstream());
        management = closer.add(new ServiceProcess("cluster-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis.toString(), "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start());
        for (int i = 1; i <= GATEWAYS; i++) {
            // Default limiter settings: no generous timeout to hide a busy machine behind.
            gateways.add(closer.add(new ServiceProcess("cluster-gateway-" + i, "gateway-runtime", ServiceProcess.env(
                    "GATEHOUSE_MANAGEMENT_URL", management.url(),
                    "GATEHOUSE_REDIS_URL", "redis://127.0.0.1:" + redisProxy.port(),
                    "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                    "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                    "GATEHOUSE_GATEWAY_DATA_DIR", Files.createTempDirectory("gatehouse-cluster-").toString(),
                    "GATEHOUSE_GATEWAY_NODE_ID", "cluster-gw-" + i)).start()));
        }
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
        vertx = closer.add(Vertx.vertx());
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_GATEWAY).setMaxWaitQueueSize(-1));
        // An unlimited plan to warm the gateways up with, so the measured keys start unused.
        warmKey = partnerKeys("/warm", Map.of("limitMode", "exact"), List.of(), 1).get(0);
    }

    @AfterAll
    void stop_everything() throws Exception {
        closer.close();
    }

    @Test
    void exact_200_a_minute_admits_exactly_200_of_1000_requests_from_48_connections() throws Exception {
        List<String> keys = partnerKeys("/exact", Map.of("limitMode", "exact"), List.of(rate(200, "minute")), RUNS);
        warmUp();
        for (int run = 0; run < RUNS; run++) {
            avoidTheEndOfTheMinute(20);
            Results r = fire("/exact/echo", keys.get(run), 1_000);
            System.out.printf("exact 200/min, run %d: %s%n", run + 1, r);
            assertEquals(200, r.ok.get(), "admitted, run " + (run + 1));
            assertEquals(800, r.tooMany.get(), "the rest is 429, run " + (run + 1));
            assertEquals(800, r.withRetryAfter.get(), "every 429 carries Retry-After");
            assertEquals(0, r.unavailable.get(), "no 503 while Redis is healthy");
            assertEquals(0, r.other.get(), "no other answers");
        }
    }

    @Test
    void leased_2000_a_minute_admits_the_whole_limit_and_never_more_with_few_redis_calls() throws Exception {
        List<String> keys = partnerKeys("/leased", Map.of("limitMode", "leased"), List.of(rate(2_000, "minute")), RUNS);
        warmUp();
        for (int run = 0; run < RUNS; run++) {
            avoidTheEndOfTheMinute(40);
            long callsBefore = storeCalls();
            Results r = fire("/leased/echo", keys.get(run), 5_000);
            long calls = storeCalls() - callsBefore;
            System.out.printf("leased 2000/min, run %d: %s; %d Redis calls%n", run + 1, r, calls);
            // Budget is reserved before it is spent: the cluster never admits more than the limit. Every slice is
            // spent while traffic lasts, so nothing is wrongly denied either.
            assertTrue(r.ok.get() <= 2_000, "overshoot, run " + (run + 1) + ": " + r.ok.get());
            assertTrue(r.ok.get() >= 2_000, "wrongly denied, run " + (run + 1) + ": " + r.ok.get());
            assertEquals(5_000 - r.ok.get(), r.tooMany.get(), "the rest is 429");
            assertEquals(0, r.unavailable.get(), "no 503 while Redis is healthy");
            assertTrue(calls * 10 < 5_000, "Redis calls must be far fewer than requests: " + calls);
        }
    }

    @Test
    void a_day_quota_of_150_admits_exactly_150() throws Exception {
        List<String> keys = partnerKeys("/daily", Map.of("limitMode", "auto", "timeZone", "Europe/Berlin"),
                List.of(quota(150, "day")), RUNS);
        warmUp();
        for (int run = 0; run < RUNS; run++) {
            avoidTheEndOfTheDay(java.time.ZoneId.of("Europe/Berlin"));
            Results r = fire("/daily/echo", keys.get(run), 600);
            System.out.printf("day quota 150, run %d: %s%n", run + 1, r);
            assertEquals(150, r.ok.get(), "admitted, run " + (run + 1));
            assertEquals(450, r.tooMany.get(), "the rest is 429");
            assertEquals(0, r.unavailable.get(), "no 503 while Redis is healthy");
        }
    }

    @Test
    void an_auto_month_quota_of_1000_admits_exactly_1000() throws Exception {
        List<String> keys = partnerKeys("/monthly", Map.of("limitMode", "auto", "timeZone", "UTC"),
                List.of(quota(1_000, "month")), RUNS);
        warmUp();
        for (int run = 0; run < RUNS; run++) {
            avoidTheEndOfTheDay(java.time.ZoneOffset.UTC);
            Results r = fire("/monthly/echo", keys.get(run), 3_000);
            System.out.printf("auto month quota 1000, run %d: %s%n", run + 1, r);
            assertTrue(r.ok.get() <= 1_000, "overshoot, run " + (run + 1) + ": " + r.ok.get());
            assertTrue(r.ok.get() >= 1_000, "wrongly denied, run " + (run + 1) + ": " + r.ok.get());
            assertEquals(0, r.unavailable.get(), "no 503 while Redis is healthy");
        }
    }

    @Test
    void fail_open_admits_at_most_each_live_nodes_share_while_redis_is_cut() throws Exception {
        List<String> keys = partnerKeys("/open", Map.of("limitMode", "exact", "degradedMode", "fail-open"),
                List.of(rate(300, "minute")), RUNS);
        warmUp();
        awaitLiveNodes(GATEWAYS);
        int share = (300 + GATEWAYS - 1) / GATEWAYS;
        for (int run = 0; run < RUNS; run++) {
            avoidTheEndOfTheMinute(30);
            Results before = fire("/open/echo", keys.get(run), 150);
            redisProxy.cut();
            Results during;
            try {
                during = fire("/open/echo", keys.get(run), 600);
            } finally {
                redisProxy.restore();
            }
            awaitStoreInUse();
            Results after = fire("/open/echo", keys.get(run), 300);
            System.out.printf("fail-open 300/min, run %d: before %s; cut %s; after %s%n", run + 1, before, during, after);
            assertEquals(150, before.ok.get(), "Redis decides before the cut");
            assertTrue(during.ok.get() > 0, "fail-open serves while Redis is away");
            assertTrue(during.ok.get() <= GATEWAYS * share,
                    "the documented bound, live nodes x ceil(limit / live nodes) = " + GATEWAYS * share + ": " + during.ok.get());
            assertTrue(after.ok.get() <= 150, "Redis decides again after the cut, on what it counted: " + after.ok.get());
            assertEquals(0, before.unavailable.get() + during.unavailable.get() + after.unavailable.get(),
                    "fail-open never answers 503");
        }
    }

    @Test
    void fail_closed_answers_503_only_while_redis_is_cut() throws Exception {
        List<String> keys = partnerKeys("/closed", Map.of("limitMode", "exact", "degradedMode", "fail-closed"),
                List.of(rate(300, "minute")), RUNS);
        warmUp();
        for (int run = 0; run < RUNS; run++) {
            avoidTheEndOfTheMinute(30);
            Results before = fire("/closed/echo", keys.get(run), 150);
            redisProxy.cut();
            Results during;
            try {
                during = fire("/closed/echo", keys.get(run), 300);
            } finally {
                redisProxy.restore();
            }
            awaitStoreInUse();
            Results after = fire("/closed/echo", keys.get(run), 300);
            System.out.printf("fail-closed 300/min, run %d: before %s; cut %s; after %s%n", run + 1, before, during, after);
            assertEquals(150, before.ok.get(), "admitted before the cut");
            assertEquals(0, before.unavailable.get(), "no 503 before the cut");
            assertEquals(0, during.ok.get(), "nothing admitted without Redis");
            assertEquals(300, during.unavailable.get(), "503 during the cut");
            assertEquals(150, after.ok.get(), "the rest of the budget after the cut");
            assertEquals(150, after.tooMany.get(), "then 429");
            assertEquals(0, after.unavailable.get(), "no 503 after the cut");
        }
    }

    @Test
    void every_number_on_a_429_names_the_same_instant() throws Exception {
        List<String> minuteKeys = partnerKeys("/agree", Map.of("limitMode", "exact"), List.of(rate(20, "minute")), RUNS);
        List<String> dayKeys = partnerKeys("/agreeday", Map.of("limitMode", "exact", "timeZone", "Europe/Berlin"),
                List.of(quota(20, "day")), RUNS);
        warmUp();
        for (int run = 0; run < RUNS; run++) {
            // A burst at a random second of the minute.
            sleep(ThreadLocalRandom.current().nextLong(0, 20_000));
            avoidTheEndOfTheMinute(5);
            for (String[] c : List.of(new String[] {"/agree/echo", minuteKeys.get(run), "minute"},
                    new String[] {"/agreeday/echo", dayKeys.get(run), "day"})) {
                List<Answer> answers = collect(c[0], c[1], 60);
                int denied = 0;
                for (Answer a : answers) {
                    if (a.status != 429) {
                        continue;
                    }
                    denied++;
                    long retryAfter = Long.parseLong(a.header("Retry-After"));
                    long t = rateLimitT(a.header("RateLimit"), c[2]);
                    long xReset = Long.parseLong(a.header("X-RateLimit-Reset"));
                    JsonNode body = Http.JSON.readTree(a.body);
                    long bodyRetry = body.get("retryAfterSeconds").asLong();
                    Instant resetsAt = Instant.parse(body.get("resetsAt").asText());
                    String where = c[2] + " run " + (run + 1) + " at " + a.at + ": " + a.headers + " " + a.body;
                    assertTrue(Math.abs(retryAfter - t) <= 1, "RateLimit t vs Retry-After, " + where);
                    assertTrue(Math.abs(retryAfter - xReset) <= 1, "X-RateLimit-Reset vs Retry-After, " + where);
                    assertEquals(retryAfter, bodyRetry, "retryAfterSeconds vs Retry-After, " + where);
                    long resetsIn = resetsAt.getEpochSecond() - a.at.getEpochSecond();
                    assertTrue(Math.abs(resetsIn - retryAfter) <= 1, "resetsAt vs Retry-After, " + where);
                    if (c[2].equals("minute")) {
                        long toMinuteEnd = 60 - a.at.getEpochSecond() % 60;
                        assertTrue(Math.abs(retryAfter - toMinuteEnd) <= 1 || toMinuteEnd <= 3,
                                "a spent minute resets at the end of the clock minute, " + toMinuteEnd + " s away; " + where);
                    }
                }
                assertEquals(40, denied, c[2] + " run " + (run + 1) + ": 20 admitted, 40 denied");
            }
        }
    }

    // ---- helpers ----

    private static Map<String, Object> rate(long max, String unit) {
        return Map.of("kind", "rate", "maxRequests", max, "timeUnit", unit);
    }

    private static Map<String, Object> quota(long max, String unit) {
        return Map.of("kind", "quota", "maxRequests", max, "timeUnit", unit);
    }

    /**
     * Creates an API on {@code route} and a plan with {@code limits} and the {@code planFields}, then {@code count}
     * partners subscribed to it (one fresh subscription a run), and waits until every gateway has applied that
     * config (without spending any budget).
     */
    private List<String> partnerKeys(String route, Map<String, Object> planFields, List<Map<String, Object>> limits,
                                     int count) throws InterruptedException {
        String api = admin.create("/admin/v1/apis", Map.of("name", "Rate " + route, "lifecycle", "published",
                "routePath", route, "upstreamUrl", upstream.url()));
        Map<String, Object> plan = new java.util.HashMap<>(planFields);
        plan.put("apiId", api);
        plan.put("name", "plan " + route);
        plan.put("limits", limits);
        String planId = admin.create("/admin/v1/plans", plan);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(admin.partnerKey(planId));
        }
        admin.awaitConfigOn("cluster-gw-", gateways.size());
        return keys;
    }

    /** 300 requests through each gateway on the unlimited plan: JIT, pools and connections warm. */
    private void warmUp() throws Exception {
        Results r = fire("/warm/echo", warmKey, 300 * GATEWAYS);
        assertEquals(300 * GATEWAYS, r.ok.get(), "warm-up: " + r);
    }

    /** {@code n} requests spread round-robin over the gateways, all queued at once on 48 keep-alive connections. */
    private Results fire(String path, String key, int n) throws Exception {
        Results r = new Results();
        List<Future<?>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            URI gw = URI.create(gateways.get(i % gateways.size()).url());
            RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(gw.getHost()).setPort(gw.getPort())
                    .setURI(path).putHeader("X-Api-Key", key);
            all.add(client.request(o).compose(req -> req.send()).compose(res -> res.body().map(b -> {
                switch (res.statusCode()) {
                    case 200 -> r.ok.incrementAndGet();
                    case 429 -> {
                        r.tooMany.incrementAndGet();
                        if (res.getHeader("Retry-After") != null) {
                            r.withRetryAfter.incrementAndGet();
                        }
                    }
                    case 503 -> r.unavailable.incrementAndGet();
                    default -> r.other.incrementAndGet();
                }
                return null;
            })).onFailure(e -> r.other.incrementAndGet()));
        }
        Future.join(new ArrayList<>(all)).toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
        return r;
    }

    /** Like {@link #fire}, keeping each answer's status, headers, body and arrival time. */
    private List<Answer> collect(String path, String key, int n) throws Exception {
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            URI gw = URI.create(gateways.get(i % gateways.size()).url());
            RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(gw.getHost()).setPort(gw.getPort())
                    .setURI(path).putHeader("X-Api-Key", key);
            all.add(client.request(o).compose(req -> req.send()).compose(res -> res.body().map(b -> {
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                res.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
                answers.add(new Answer(res.statusCode(), headers, b.toString(), Instant.now()));
                return null;
            })));
        }
        Future.join(new ArrayList<>(all)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return answers;
    }

    /** The {@code t} of the item named {@code window} in a RateLimit header, e.g. {@code "minute";r=0;t=17}. */
    private static long rateLimitT(String header, String window) {
        Matcher m = Pattern.compile("\"" + window + "\";r=\\d+;t=(\\d+)").matcher(header == null ? "" : header);
        assertTrue(m.find(), "no " + window + " item in RateLimit: " + header);
        return Long.parseLong(m.group(1));
    }

    private long storeCalls() {
        return sumMetric(STORE_CALLS);
    }

    private long sumMetric(Pattern metric) {
        long sum = 0;
        for (ServiceProcess g : gateways) {
            Matcher m = metric.matcher(Http.get(g.opsUrl() + "/q/metrics").body());
            if (m.find()) {
                sum += (long) Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    /**
     * Waits until every gateway's limiter uses Redis again (its breaker closed, {@code gatehouse_ratelimit_store_away}
     * 0). The breaker probes every 100 ms, but a node that reconnects late on this loaded machine would otherwise still
     * decide alone for the first requests after the cut (a fixed 500 ms pause once let such a node admit one request
     * past what Redis had counted).
     */
    private void awaitStoreInUse() {
        for (int i = 0; i < 100; i++) {
            boolean all = true;
            for (ServiceProcess g : gateways) {
                Matcher m = STORE_AWAY.matcher(Http.get(g.opsUrl() + "/q/metrics").body());
                all &= m.find() && Double.parseDouble(m.group(1)) == 0;
            }
            if (all) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("a gateway still takes Redis for away 10 s after the cut ended");
    }

    /** Waits until every gateway counts {@code n} live nodes from the fleet's reports (a heartbeat is 5 s). */
    private void awaitLiveNodes(int n) {
        for (int i = 0; i < 300; i++) {
            boolean all = true;
            for (ServiceProcess g : gateways) {
                Matcher m = LIVE_NODES.matcher(Http.get(g.opsUrl() + "/q/metrics").body());
                all &= m.find() && (long) Double.parseDouble(m.group(1)) == n;
            }
            if (all) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("the gateways did not all count " + n + " live nodes");
    }

    /** Waits for the next clock minute if fewer than {@code seconds} are left in this one. */
    private static void avoidTheEndOfTheMinute(int seconds) {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 60_000 - seconds * 1_000L) {
            sleep(60_000 - intoMinute + 200);
        }
    }

    /** A quota's run must not straddle midnight in its zone (it would rightly admit a second day's or month's quota). */
    private static void avoidTheEndOfTheDay(java.time.ZoneId zone) {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(zone);
        long left = java.time.Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(now.getZone())).toMillis();
        if (left < 60_000) {
            sleep(left + 500);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(int status, Map<String, String> headers, String body, Instant at) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static final class Results {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger tooMany = new AtomicInteger();
        final AtomicInteger withRetryAfter = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();

        @Override
        public String toString() {
            return ok + " × 200, " + tooMany + " × 429, " + unavailable + " × 503, " + other + " other";
        }
    }
}
