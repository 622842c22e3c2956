package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
import io.gatehouse.testing.RedisCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 3: the whole product on a real Redis Cluster. {@link RedisCluster} starts three masters and three
 * replicas from the machine's {@code redis-server} on free ports, each in a directory of its own, and stops them at the
 * end. Management, billing and three gateway processes reach it as an operator would configure them
 * ({@code GATEHOUSE_REDIS_MODE=cluster}, the nodes as seeds) with the usage stream in three shards
 * ({@code GATEHOUSE_USAGE_STREAM_SHARDS=3}) and two billing consumers sharing them. On it: an exact limit across
 * three busy gateways, a revocation reaching every gateway, the shared cache and its purge, and metering; then one
 * master is SIGKILLed during load and its replica takes over, and the fail-closed plan never admits more than its
 * limit, and the ledger holds every answered request exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductOnRedisClusterTest {

    private static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    private static final String GATEWAY_TOKEN = "e2e-gateway-token-" + UUID.randomUUID();
    private static final String PEPPER = "e2e-pepper-" + UUID.randomUUID();
    private static final String DATABASE = "gatehouse_e2e_redis_cluster";
    private static final String NODE_PREFIX = "rc-gw-";
    private static final int GATEWAYS = 3;
    private static final int CONNECTIONS_PER_GATEWAY = 16;
    private static final Pattern STORED = Pattern.compile(
            "(?m)^gatehouse_cache_shared_stores_total\\{[^}]*result=\"stored\"[^}]*} ([0-9.E+]+)");
    private static final Pattern PURGES = Pattern.compile("(?m)^gatehouse_cache_purges_total(?:\\{[^}]*})? ([0-9.E+]+)");

    private RedisCluster cluster;
    private CachingUpstream upstream;
    private ServiceProcess management;
    private final List<ServiceProcess> billings = new ArrayList<>();
    private final List<ServiceProcess> gateways = new ArrayList<>();
    private Vertx vertx;
    private HttpClient client;
    private Admin admin;
    private String namespace;
    private final Closer closer = new Closer();

    @BeforeAll
    void start_a_redis_cluster_and_the_product_on_it() throws Exception {
        cluster = closer.add(RedisCluster.start());
        String dbUrl = PostgresDatabase.recreate(DATABASE);
        namespace = "e2e-rc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> redis = ServiceProcess.env("GATEHOUSE_REDIS_MODE", "cluster",
                "GATEHOUSE_REDIS_URL", cluster.seeds(), "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_USAGE_STREAM_SHARDS", "3");
        upstream = closer.add(new CachingUpstream());
        management = closer.add(new ServiceProcess("rc-management", "management-service", with(redis,
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start());
        for (int i = 1; i <= 2; i++) {
            billings.add(closer.add(new ServiceProcess("rc-billing-" + i, "billing-metering", with(redis,
                    "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                    "GATEHOUSE_BILLING_CONSUMER_NAME", "rc-billing-" + i,
                    "GATEHOUSE_BILLING_CONSUMER_CLAIM_AFTER", "3s",
                    "GATEHOUSE_BILLING_GAPS_GRACE", "5s", "GATEHOUSE_BILLING_GAPS_CHECK_EVERY", "1s",
                    "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start()));
        }
        for (int i = 1; i <= GATEWAYS; i++) {
            // Default limiter settings, as ClusterRateLimitTest runs them.
            gateways.add(closer.add(new ServiceProcess("rc-gateway-" + i, "gateway-runtime", with(redis,
                    "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_KEY_PEPPER", PEPPER,
                    "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                    "GATEHOUSE_GATEWAY_DATA_DIR", Files.createTempDirectory("gatehouse-rc-").toString(),
                    "GATEHOUSE_GATEWAY_NODE_ID", NODE_PREFIX + i,
                    "GATEHOUSE_CACHE_SHARED_TIMEOUT", "2s")).start()));
        }
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
        vertx = closer.add(Vertx.vertx());
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_GATEWAY).setMaxWaitQueueSize(-1));
    }

    @AfterAll
    void stop_everything() throws Exception {
        closer.close();
    }

    @Test
    @Order(1)
    void an_exact_limit_admits_exactly_its_200_of_1000_requests_from_48_connections_over_three_gateways() throws Exception {
        // Fail-closed: a master silent past the limiter's store timeout (one was, for 303 ms, in one run of three on
        // this saturated two-core machine with six Redis servers and seven JVMs) is a store outage by the product's
        // definition. Fail-open would then admit up to each node's share on top, by design; fail-closed answers 503
        // instead, so the limit is never exceeded whatever the cluster does, and is met exactly when nothing was 503.
        String plan = plan("/exact", Map.of("limitMode", "exact", "degradedMode", "fail-closed"),
                List.of(rate(200, "minute")));
        String warm = admin.partnerKey(plan("/warm", Map.of(), List.of()));
        String key = admin.partnerKey(plan);
        admin.awaitConfigOn(NODE_PREFIX, GATEWAYS);
        Results w = fire("/warm/echo", warm, 600);
        assertEquals(600, w.status(200), "warm-up: " + w);
        avoidTheEndOfTheMinute(20);

        Results r = fire("/exact/echo", key, 1_000);
        System.out.printf("redis cluster, exact 200/min: %s%n", r);
        assertTrue(r.status(200) <= 200, "never more than the limit: " + r);
        assertEquals(1_000, r.status(200) + r.status(429) + r.status(503), "admitted, limited or store away: " + r);
        assertEquals(1_000, r.answered(), "nothing else: " + r);
        if (r.status(503) == 0) {
            assertEquals(200, r.status(200), "the store answered every call, so exactly the limit: " + r);
        } else {
            System.out.printf("redis cluster, exact 200/min: a master fell silent (%d answers 503, fail-closed);"
                    + " %d admitted, never over%n", r.status(503), r.status(200));
        }
    }

    @Test
    @Order(2)
    void a_revoked_key_is_refused_by_every_gateway() throws Exception {
        String plan = plan("/revoked", Map.of(), List.of());
        String org = admin.create("/admin/v1/organizations", Map.of("name", "Org " + UUID.randomUUID()));
        String app = admin.create("/admin/v1/applications", Map.of("organizationId", org, "name", "App"));
        admin.create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));
        JsonNode issued = admin.call("POST", "/admin/v1/applications/" + app + "/keys", Map.of("name", "k"));
        String key = issued.get("key").asText();
        admin.awaitConfigOn(NODE_PREFIX, GATEWAYS);
        for (ServiceProcess g : gateways) {
            assertEquals(200, Http.get(g.url() + "/revoked/echo", "X-Api-Key", key).status(), g.name + " takes the key");
        }

        JsonNode propagation = admin.call("POST", "/admin/v1/keys/" + issued.get("details").get("id").asText()
                + "/revoke?wait=5s", Map.of("reason", "e2e")).get("propagation");
        assertTrue(propagation.get("complete").asBoolean(), "every gateway applied the revocation: " + propagation);
        for (ServiceProcess g : gateways) {
            assertEquals(401, Http.get(g.url() + "/revoked/echo", "X-Api-Key", key).status(), g.name + " refuses it");
        }
    }

    @Test
    @Order(3)
    void a_response_one_gateway_cached_is_a_hit_on_another_until_a_purge_reaches_both() throws Exception {
        String api = admin.create("/admin/v1/apis", Map.of("name", "Cached", "lifecycle", "published",
                "routePath", "/cached", "upstreamUrl", upstream.url()));
        String route = admin.call("GET", "/admin/v1/apis/" + api, null).get("routes").get(0).get("id").asText();
        admin.call("PUT", "/admin/v1/apis/" + api + "/routes/" + route + "/options",
                Map.of("cache", Map.of("ttlSeconds", 0, "shared", true)));
        String key = admin.partnerKey(admin.create("/admin/v1/plans", Map.of("apiId", api, "name", "Open")));
        admin.awaitConfigOn(NODE_PREFIX, GATEWAYS);
        ServiceProcess a = gateways.get(0);
        ServiceProcess b = gateways.get(1);
        String path = "/cached/item-" + UUID.randomUUID() + "?cc=max-age%3D60";

        double stored = metric(a, STORED);
        assertEquals("MISS", Http.get(a.url() + path, "X-Api-Key", key).header("X-Cache"));
        awaitMetricAbove(a, STORED, stored, "gateway A to write the entry to the cluster");
        assertEquals("HIT", Http.get(b.url() + path, "X-Api-Key", key).header("X-Cache"), "B finds A's entry");

        double purgesA = metric(a, PURGES);
        double purgesB = metric(b, PURGES);
        admin.call("POST", "/admin/v1/apis/" + api + "/cache/purge", Map.of("url", path));
        awaitMetricAbove(a, PURGES, purgesA, "the purge to reach gateway A");
        awaitMetricAbove(b, PURGES, purgesB, "the purge to reach gateway B");
        assertEquals("MISS", Http.get(b.url() + path, "X-Api-Key", key).header("X-Cache"), "B after the purge");
        assertEquals(2, upstream.count(path.substring("/cached".length())), "one upstream call before the purge, one after");
    }

    @Test
    @Order(4)
    void when_a_master_is_killed_under_load_the_fail_closed_limit_holds_and_the_ledger_counts_every_answer_once()
            throws Exception {
        String api = admin.create("/admin/v1/apis", Map.of("name", "Metered", "lifecycle", "published",
                "routePath", "/metered", "upstreamUrl", upstream.url()));
        String open = admin.partnerKey(admin.create("/admin/v1/plans", Map.of("apiId", api, "name", "Open")));
        String limited = admin.partnerKey(admin.create("/admin/v1/plans", Map.of("apiId", api, "name", "Closed",
                "limitMode", "exact", "degradedMode", "fail-closed", "limits", List.of(rate(300, "minute")))));
        admin.awaitConfigOn(NODE_PREFIX, GATEWAYS);
        avoidTheEndOfTheMinute(45);

        // Waves of 300 requests, a third on the limited key, on 48 connections. Once 600 are answered, the master of
        // the first usage stream shard is SIGKILLed (in the background); its replica takes over after the cluster's
        // node timeout, and the killed node comes back as that replica's replica (the gateways wait for a replica to
        // acknowledge each usage batch, so until then they keep their batches). The load goes on until 1,500 more
        // requests were sent after that.
        RedisCluster.Node master = cluster.masterOf(namespace + ":usage:events");
        RedisCluster.Node replica = cluster.replicaOf(master);
        Results openResults = new Results();
        Results limitedResults = new Results();
        CompletableFuture<Void> failover = null;
        int sent = 0;
        int sentWhenFailedOver = -1;
        int answeredAtFailover = -1;
        while (sentWhenFailedOver < 0 || sent < sentWhenFailedOver + 1_500) {
            List<Future<?>> wave = new ArrayList<>();
            for (int i = sent; i < sent + 300; i++) {
                boolean isLimited = i % 3 == 0;
                wave.add(send("/metered/echo?i=" + i, isLimited ? limited : open, i,
                        isLimited ? limitedResults : openResults));
            }
            sent += 300;
            if (failover == null && sent > 600) {
                answeredAtFailover = openResults.answered() + limitedResults.answered();
                failover = CompletableFuture.runAsync(() -> {
                    cluster.kill(master);
                    cluster.awaitHealthy(Duration.ofSeconds(30));
                    cluster.restart(master);
                });
            }
            Future.join(wave).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (failover != null && failover.isDone() && sentWhenFailedOver < 0) {
                sentWhenFailedOver = sent;
            }
            assertTrue(sent < 30_000, "the failover did not complete while 30,000 requests were sent");
        }
        failover.get(1, TimeUnit.SECONDS);
        int n = sent;
        System.out.printf("redis cluster master %s SIGKILLed, %s took over: killed after %d answers, done after %d of %d requests: "
                        + "open %s; limited %s%n", master, replica, answeredAtFailover, sentWhenFailedOver, n,
                openResults, limitedResults);

        assertEquals(replica, cluster.masterOf(namespace + ":usage:events"), "the replica serves the shard now");
        assertEquals(n, openResults.answered() + limitedResults.answered(), "every request was answered");
        assertEquals(openResults.answered(), openResults.status(200), "an unlimited plan needs no Redis: " + openResults);
        int admitted = limitedResults.status(200);
        int unavailable = limitedResults.status(503);
        assertTrue(admitted <= 300, "fail-closed never admits more than the limit: " + limitedResults);
        assertTrue(admitted + unavailable >= 300, "only Redis being away (503) kept it under: " + limitedResults);
        assertEquals(limitedResults.answered(), admitted + unavailable + limitedResults.status(429),
                "answers are 200, 429 or 503: " + limitedResults);

        // Every answer is one event in the ledger, with the status the client saw, none twice and none lost.
        Map<Integer, Integer> expected = new TreeMap<>();
        for (Results r : List.of(openResults, limitedResults)) {
            r.byStatus.forEach((status, count) -> expected.merge(status, count.get(), Integer::sum));
        }
        String ours = "SELECT status, count(*) FROM usage_events WHERE api_id = '" + api + "' GROUP BY status";
        Map<Integer, Integer> ledger = query(ours);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ledger.values().stream().mapToInt(Integer::intValue).sum() < n && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ledger = query(ours);
        }
        Thread.sleep(1_000);
        assertEquals(expected, query(ours), "statuses in the ledger vs seen by the clients");
        // Batches the gateways kept while no replica could acknowledge them arrive seconds late, past this test's 5 s
        // gap grace: billing may report such a hole as a gap, and must mark it filled once the events arrived.
        String openGaps = "SELECT 1, count(*)::int FROM metering_gaps WHERE gateway_node LIKE '" + NODE_PREFIX
                + "%' AND filled_at IS NULL HAVING count(*) > 0";
        long gapsDeadline = System.nanoTime() + 30_000_000_000L;
        while (!query(openGaps).isEmpty() && System.nanoTime() < gapsDeadline) {
            Thread.sleep(500);
        }
        assertEquals(Map.of(), query(openGaps), "no metering gap left open on any gateway");
        System.out.printf("metering gaps reported and filled during the kill: %s%n", query("SELECT 1, count(*)::int "
                + "FROM metering_gaps WHERE gateway_node LIKE '" + NODE_PREFIX + "%'"));
        for (int shard = 0; shard < 3; shard++) {
            String key = shard == 0 ? namespace + ":usage:events" : namespace + ":usage:events:{" + shard + "}";
            assertTrue(entriesAdded(key) > 0, "the gateways wrote to shard " + shard);
        }
    }

    // ---- helpers ----

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.putAll(ServiceProcess.env(pairs));
        return m;
    }

    private static Map<String, Object> rate(long max, String unit) {
        return Map.of("kind", "rate", "maxRequests", max, "timeUnit", unit);
    }

    /** An API on {@code route} and a plan for it with {@code limits} and {@code fields}; returns the plan's id. */
    private String plan(String route, Map<String, Object> fields, List<Map<String, Object>> limits) {
        String api = admin.create("/admin/v1/apis", Map.of("name", "API " + route, "lifecycle", "published",
                "routePath", route, "upstreamUrl", upstream.url()));
        Map<String, Object> plan = new java.util.HashMap<>(fields);
        plan.put("apiId", api);
        plan.put("name", "plan " + route);
        plan.put("limits", limits);
        return admin.create("/admin/v1/plans", plan);
    }

    /** {@code n} requests round robin over the gateways, all queued at once on 48 keep-alive connections. */
    private Results fire(String path, String key, int n) throws Exception {
        Results r = new Results();
        List<Future<?>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(send(path, key, i, r));
        }
        Future.join(all).toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
        return r;
    }

    private Future<?> send(String path, String key, int i, Results into) {
        URI gw = URI.create(gateways.get(i % gateways.size()).url());
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(gw.getHost()).setPort(gw.getPort())
                .setURI(path).putHeader("X-Api-Key", key);
        return client.request(o).compose(req -> req.send()).compose(res -> res.body().map(b -> {
            into.byStatus.computeIfAbsent(res.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            return null;
        })).onFailure(e -> into.failed.incrementAndGet());
    }

    /** How many entries were ever added to a stream ({@code XINFO STREAM}'s {@code entries-added}; billing trims). */
    private long entriesAdded(String key) {
        List<String> lines = cluster.cli(cluster.masterOf(key), "XINFO", "STREAM", key).lines().map(String::trim).toList();
        int at = lines.indexOf("entries-added");
        assertTrue(at >= 0 && at + 1 < lines.size(), "XINFO STREAM " + key + ": " + lines);
        return Long.parseLong(lines.get(at + 1));
    }

    private Map<Integer, Integer> query(String sql) throws Exception {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(DATABASE), PostgresDatabase.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static double metric(ServiceProcess gw, Pattern pattern) {
        Matcher m = pattern.matcher(Http.get(gw.opsUrl() + "/q/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void awaitMetricAbove(ServiceProcess gw, Pattern pattern, double before, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (metric(gw, pattern) <= before) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    /** Waits for the next clock minute if fewer than {@code seconds} are left in this one. */
    private static void avoidTheEndOfTheMinute(int seconds) throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 60_000 - seconds * 1_000L) {
            Thread.sleep(60_000 - intoMinute + 200);
        }
    }

    private static final class Results {
        final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        final AtomicInteger failed = new AtomicInteger();

        int status(int status) {
            AtomicInteger c = byStatus.get(status);
            return c == null ? 0 : c.get();
        }

        int answered() {
            return byStatus.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public String toString() {
            return new TreeMap<>(byStatus) + ", " + failed + " failed";
        }
    }
}
