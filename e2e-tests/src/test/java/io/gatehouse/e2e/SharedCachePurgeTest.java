package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, acceptance 1: a cached route set through the admin API, two gateway processes sharing Redis. The second
 * identical request is a HIT without upstream contact, {@code Vary} separates variants, {@code no-store} is never
 * cached, a miss on gateway A is a HIT on gateway B through the shared layer, and a purge through the admin API makes
 * both nodes drop the entry within 1 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedCachePurgeTest {

    private static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    private static final String GATEWAY_TOKEN = "e2e-gateway-token-" + UUID.randomUUID();
    private static final String PEPPER = "e2e-pepper-" + UUID.randomUUID();
    private static final Pattern STORED = Pattern.compile(
            "(?m)^gatehouse_cache_shared_stores_total\\{[^}]*result=\"stored\"[^}]*} ([0-9.E+]+)");
    private static final Pattern PURGES = Pattern.compile("(?m)^gatehouse_cache_purges_total(?:\\{[^}]*})? ([0-9.E+]+)");

    private CachingUpstream upstream;
    private ServiceProcess management;
    private ServiceProcess gatewayA;
    private ServiceProcess gatewayB;
    private Admin admin;
    private String apiId;
    private String key;
    private final Closer closer = new Closer();

    @BeforeAll
    void start_management_two_gateways_and_a_cached_route() throws Exception {
        String dbUrl = PostgresDatabase.recreate("gatehouse_e2e_cache");
        String namespace = "e2e-cache-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new CachingUpstream());
        management = closer.add(new ServiceProcess("cache-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start());
        gatewayA = closer.add(gateway(1, redis, namespace));
        gatewayB = closer.add(gateway(2, redis, namespace));
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);

        apiId = admin.create("/admin/v1/apis", Map.of("name", "Cached", "lifecycle", "published",
                "routePath", "/cached", "upstreamUrl", upstream.url()));
        String routeId = admin.call("GET", "/admin/v1/apis/" + apiId, null).get("routes").get(0).get("id").asText();
        admin.call("PUT", "/admin/v1/apis/" + apiId + "/routes/" + routeId + "/options",
                Map.of("cache", Map.of("ttlSeconds", 0, "shared", true)));
        String plan = admin.create("/admin/v1/plans", Map.of("apiId", apiId, "name", "Open"));
        key = admin.partnerKey(plan);
        admin.awaitConfigOn("cache-gw-", 2);
    }

    private ServiceProcess gateway(int n, String redis, String namespace) throws Exception {
        return new ServiceProcess("cache-gateway-" + n, "gateway-runtime", ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_REDIS_URL", redis,
                "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_GATEWAY_DATA_DIR", Files.createTempDirectory("gatehouse-cache-").toString(),
                "GATEHOUSE_GATEWAY_NODE_ID", "cache-gw-" + n,
                // Two gateways, management and the test share two cores: a slow-but-alive Redis is not a dead one.
                "GATEHOUSE_CACHE_SHARED_TIMEOUT", "2s")).start();
    }

    @AfterAll
    void stop_everything() throws Exception {
        closer.close();
    }

    // ---- acceptance ----

    @Test
    void the_second_identical_request_is_a_hit_served_without_contacting_the_upstream() {
        String path = "/item-" + UUID.randomUUID() + "?cc=max-age%3D60";

        Http.Answer first = get(gatewayA, path);
        Http.Answer second = get(gatewayA, path);

        assertEquals("MISS", first.header("X-Cache"));
        assertEquals("HIT", second.header("X-Cache"));
        assertEquals("gatehouse; hit", second.header("Cache-Status"));
        assertNotNull(second.header("Age"));
        assertEquals(1, second.json().get("n").asInt(), "the stored answer");
        assertEquals(1, upstream.count(path), "one upstream call for two requests");
    }

    @Test
    void vary_keeps_variants_apart() {
        String path = "/item-" + UUID.randomUUID() + "?cc=max-age%3D60&vary=Accept";

        assertEquals("application/json", get(gatewayA, path, "Accept", "application/json").json().get("accept").asText());
        Http.Answer text = get(gatewayA, path, "Accept", "text/plain");
        Http.Answer jsonAgain = get(gatewayA, path, "Accept", "application/json");

        assertEquals("MISS", text.header("X-Cache"));
        assertEquals("text/plain", text.json().get("accept").asText());
        assertEquals("HIT", jsonAgain.header("X-Cache"));
        assertEquals("application/json", jsonAgain.json().get("accept").asText());
        assertEquals(2, upstream.count(path));
    }

    @Test
    void no_store_is_never_cached_on_either_node() {
        String path = "/item-" + UUID.randomUUID() + "?cc=no-store%2C%20max-age%3D60";

        for (ServiceProcess gw : List.of(gatewayA, gatewayA, gatewayB, gatewayB)) {
            assertEquals("MISS", get(gw, path).header("X-Cache"));
        }
        assertEquals(4, upstream.count(path));
    }

    @Test
    void a_miss_on_gateway_a_is_a_hit_on_gateway_b_through_the_shared_layer() throws Exception {
        String path = "/item-" + UUID.randomUUID() + "?cc=max-age%3D60";
        double storedBefore = metric(gatewayA, STORED);

        assertEquals("MISS", get(gatewayA, path).header("X-Cache"));
        awaitMetricAbove(gatewayA, STORED, storedBefore, "gateway A to write the entry to Redis");
        Http.Answer onB = get(gatewayB, path);

        assertEquals("HIT", onB.header("X-Cache"));
        assertEquals("gatehouse; hit; detail=shared", onB.header("Cache-Status"));
        assertEquals(1, onB.json().get("n").asInt());
        assertEquals(1, upstream.count(path), "gateway B did not contact the upstream");
        assertEquals("gatehouse; hit", get(gatewayB, path).header("Cache-Status"), "and keeps it itself now");
    }

    @Test
    void a_purge_through_the_admin_api_makes_both_gateways_miss_within_a_second() throws Exception {
        // The upstream takes 1.5 s, so that after the purge both nodes (asked at once) look up before either stores
        // again; a node that looked up after the other stored would rightly answer a shared HIT of the new fetch.
        String path = "/item-" + UUID.randomUUID() + "?delay=1500&cc=max-age%3D60";
        double storedBefore = metric(gatewayA, STORED);
        assertEquals("MISS", get(gatewayA, path).header("X-Cache"));
        awaitMetricAbove(gatewayA, STORED, storedBefore, "gateway A to write the entry to Redis");
        assertEquals("HIT", get(gatewayB, path).header("X-Cache"));
        assertEquals("HIT", get(gatewayA, path).header("X-Cache"));
        assertEquals("HIT", get(gatewayB, path).header("X-Cache"));
        double purgesA = metric(gatewayA, PURGES);
        double purgesB = metric(gatewayB, PURGES);

        long start = System.nanoTime();
        JsonNode purge = admin.call("POST", "/admin/v1/apis/" + apiId + "/cache/purge", Map.of("url", "/cached" + path));
        // Both nodes applied it: from here on neither may serve the purged answer.
        while (metric(gatewayA, PURGES) <= purgesA || metric(gatewayB, PURGES) <= purgesB) {
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "the purge never reached both gateways");
            Thread.sleep(10);
        }
        long appliedMs = (System.nanoTime() - start) / 1_000_000;
        CompletableFuture<Http.Answer> onA = CompletableFuture.supplyAsync(() -> get(gatewayA, path));
        CompletableFuture<Http.Answer> onB = CompletableFuture.supplyAsync(() -> get(gatewayB, path));
        Http.Answer a = onA.get();
        Http.Answer b = onB.get();

        System.out.printf("cache purge (%s): both gateways applied it %d ms after the admin call%n",
                purge.get("scope").asText(), appliedMs);
        assertEquals("url", purge.get("scope").asText());
        assertTrue(appliedMs < 1_000, "purge took " + appliedMs + " ms to reach both gateways");
        assertEquals("MISS", a.header("X-Cache"), "gateway A after the purge");
        assertEquals("MISS", b.header("X-Cache"), "gateway B after the purge");
        assertTrue(a.json().get("n").asInt() > 1 && b.json().get("n").asInt() > 1, "fresh answers from the upstream");
        assertEquals(3, upstream.count(path), "one call before the purge, one per node after it");
    }

    /**
     * Issue 16, item 6 (RFC 9111 §4.4): an unsafe request's answer is held until Redis took the invalidation, so a GET
     * sent after it, to any gateway, never gets the old entry. Each round stores a fresh URL through gateway A and waits
     * until it is in Redis, then changes it through A (PUT, POST or DELETE in turn), then reads it through gateway B,
     * which never held it itself: every one of the 900 must be a miss.
     */
    @Test
    void after_900_successful_unsafe_requests_on_one_gateway_not_one_read_on_the_other_is_a_hit() throws Exception {
        String[] methods = {"PUT", "POST", "DELETE"};
        int hits = 0;
        for (int i = 0; i < 900; i++) {
            String path = "/race-" + UUID.randomUUID() + "?cc=max-age%3D60";
            double storedBefore = metric(gatewayA, STORED);
            assertEquals("MISS", get(gatewayA, path).header("X-Cache"));
            awaitMetricAbove(gatewayA, STORED, storedBefore, "gateway A to write the entry to Redis");
            Http.Answer changed = Http.send(methods[i % 3], gatewayA.url() + "/cached" + path, null, "X-Api-Key", key);
            assertEquals(200, changed.status(), changed.body());
            if ("HIT".equals(get(gatewayB, path).header("X-Cache"))) {
                hits++;
            }
        }
        assertEquals(0, hits, "reads on gateway B answered from the entry an unsafe request had invalidated");
    }

    // ---- helpers ----

    private Http.Answer get(ServiceProcess gw, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Api-Key";
        all[1] = key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        Http.Answer a = Http.get(gw.url() + "/cached" + path, all);
        assertEquals(200, a.status(), a.body());
        return a;
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
}
