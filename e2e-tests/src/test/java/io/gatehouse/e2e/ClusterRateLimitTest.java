package io.gatehouse.e2e;

import io.gatehouse.testing.PostgresDatabase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3, acceptance 1 and 2: three gateway processes share one Redis and one plan's budget.
 * Management, the gateways and an upstream run as separate processes / servers, on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRateLimitTest {

    private static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    private static final String GATEWAY_TOKEN = "e2e-gateway-token-" + UUID.randomUUID();
    private static final String PEPPER = "e2e-pepper-" + UUID.randomUUID();
    private static final Pattern STORE_CALLS = Pattern.compile("(?m)^gatehouse_ratelimit_store_calls_total(?:\\{[^}]*})? ([0-9.E+]+)");

    private EchoUpstream upstream;
    private ServiceProcess management;
    private final List<ServiceProcess> gateways = new ArrayList<>();
    private Vertx vertx;
    private HttpClient client;
    private String warmKey;
    private Admin admin;

    @BeforeAll
    void start_management_and_three_gateways() throws Exception {
        String dbUrl = PostgresDatabase.recreate("gatehouse_e2e_cluster");
        String namespace = "e2e-rl-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = new EchoUpstream();
        management = new ServiceProcess("cluster-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start();
        for (int i = 1; i <= 3; i++) {
            gateways.add(new ServiceProcess("cluster-gateway-" + i, "gateway-runtime", ServiceProcess.env(
                    "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_REDIS_URL", redis,
                    "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                    "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                    "GATEHOUSE_GATEWAY_DATA_DIR", Files.createTempDirectory("gatehouse-cluster-").toString(),
                    "GATEHOUSE_GATEWAY_NODE_ID", "cluster-gw-" + i,
                    // These gateways share two cores with the test and each other: a generous budget
                    // keeps a slow-but-alive Redis from being taken for a dead one (the degraded modes
                    // have their own tests; here a fail-open flip would admit on local counts).
                    "GATEHOUSE_RATE_LIMIT_STORE_TIMEOUT", "5s")).start());
        }
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
        vertx = Vertx.vertx();
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32).setMaxWaitQueueSize(-1));
        // An unlimited plan to warm the gateways up with, so the measured keys start unused.
        warmKey = partnerKey("/warm", "exact", null);
    }

    @AfterAll
    void stop_everything() throws Exception {
        for (ServiceProcess g : gateways) {
            g.close();
        }
        if (management != null) {
            management.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void three_gateways_admit_exactly_100_of_500_concurrent_requests_in_exact_mode() throws Exception {
        String key = partnerKey("/exact", "exact", 100);
        warmUp();
        avoidTheEndOfTheMinute(10);
        long callsBefore = storeCalls();

        Results r = fire("/exact/echo", key, 500);

        assertEquals(100, r.ok.get(), "admitted");
        assertEquals(400, r.tooMany.get(), "denied with 429");
        assertEquals(400, r.withRetryAfter.get(), "every 429 carries Retry-After");
        assertEquals(0, r.other.get(), "no other answers");
        System.out.printf("exact: 100/500 admitted; %d store calls%n", storeCalls() - callsBefore);
    }

    @Test
    void three_leased_gateways_stay_within_the_bound_with_far_fewer_redis_calls_than_requests() throws Exception {
        String key = partnerKey("/leased", "leased", 10_000);
        warmUp();
        // The whole run must fall in one clock minute: the budget is per minute.
        avoidTheEndOfTheMinute(40);
        long callsBefore = storeCalls();
        int requests = 13_000;

        Results r = fire("/leased/echo", key, requests);

        long calls = storeCalls() - callsBefore;
        System.out.printf("leased: %d of %d admitted, %d Redis calls (%.2f%% of requests)%n",
                r.ok.get(), requests, calls, 100.0 * calls / requests);
        // The stated bound: never more than the limit; at most the three nodes' largest slices
        // (3 x 200) wrongly denied.
        assertTrue(r.ok.get() <= 10_000, "overshoot: " + r.ok.get());
        assertTrue(r.ok.get() >= 10_000 - 3 * 200, "more than the stated bound wrongly denied: " + r.ok.get());
        assertEquals(requests - r.ok.get(), r.tooMany.get(), "the rest is 429");
        assertTrue(calls * 20 < requests, "Redis calls must be far fewer than requests: " + calls);
    }

    // ---- helpers ----

    /**
     * Creates an API on {@code route}, a plan with {@code perMinute} (none if null) in {@code mode},
     * a partner, a subscription and a key, and waits until every gateway has applied that config
     * (without spending the key's budget).
     */
    private String partnerKey(String route, String mode, Integer perMinute) throws InterruptedException {
        String api = admin.create("/admin/v1/apis", Map.of("name", "Rate " + route, "lifecycle", "published",
                "routePath", route, "upstreamUrl", upstream.url()));
        String plan = admin.create("/admin/v1/plans", Map.of("apiId", api, "name", mode + " plan", "limitMode", mode,
                "limits", perMinute == null ? List.of()
                        : List.of(Map.of("kind", "rate", "maxRequests", perMinute, "timeUnit", "minute"))));
        String key = admin.partnerKey(plan);
        admin.awaitConfigOn("cluster-gw-", gateways.size());
        return key;
    }

    /** 300 requests through each gateway on the unlimited plan: JIT, pools and connections warm. */
    private void warmUp() throws Exception {
        for (ServiceProcess g : gateways) {
            URI gw = URI.create(g.url());
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                all.add(client.request(new RequestOptions().setHost(gw.getHost()).setPort(gw.getPort())
                                .setURI("/warm/echo").putHeader("X-Api-Key", warmKey))
                        .compose(req -> req.send()).compose(res -> res.body()));
            }
            Future.join(new ArrayList<>(all)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    /** {@code n} requests spread round-robin over the gateways, all in flight at once (pooled). */
    private Results fire(String path, String key, int n) throws Exception {
        Results r = new Results();
        List<Future<?>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            URI gw = URI.create(gateways.get(i % gateways.size()).url());
            RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(gw.getHost()).setPort(gw.getPort())
                    .setURI(path).putHeader("X-Api-Key", key);
            all.add(client.request(o).compose(req -> req.send()).compose(res -> res.body().map(b -> {
                if (res.statusCode() == 200) {
                    r.ok.incrementAndGet();
                } else if (res.statusCode() == 429) {
                    r.tooMany.incrementAndGet();
                    if (res.getHeader("Retry-After") != null) {
                        r.withRetryAfter.incrementAndGet();
                    }
                } else {
                    r.other.incrementAndGet();
                }
                return null;
            })).onFailure(e -> r.other.incrementAndGet()));
        }
        Future.join(new ArrayList<>(all)).toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
        return r;
    }

    private long storeCalls() {
        long sum = 0;
        for (ServiceProcess g : gateways) {
            Matcher m = STORE_CALLS.matcher(Http.get(g.url() + "/q/metrics").body());
            if (m.find()) {
                sum += (long) Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    /** Waits for the next clock minute if fewer than {@code seconds} are left in this one. */
    private static void avoidTheEndOfTheMinute(int seconds) {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 60_000 - seconds * 1_000L) {
            sleep(60_000 - intoMinute + 200);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Results {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger tooMany = new AtomicInteger();
        final AtomicInteger withRetryAfter = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
    }
}
