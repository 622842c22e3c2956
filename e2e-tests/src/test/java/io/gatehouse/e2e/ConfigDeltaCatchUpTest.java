package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
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
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 1, acceptance: config changes travel as deltas. Three gateway processes kept busy by 48 keep-alive
 * clients. A gateway paused (SIGSTOP) while 50 changes happen catches up through the change log, without fetching the
 * snapshot; one that missed more changes than the log keeps (60 here) falls back to the snapshot; both end with exactly
 * management's config, compared by the digest both compute. With 100,000 keys seeded, a revocation and a key issue
 * each move under 10 KB to every gateway, counted by the gateways' own fetched-bytes metric.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigDeltaCatchUpTest {

    private static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    private static final String GATEWAY_TOKEN = "e2e-gateway-token-" + UUID.randomUUID();
    private static final String PEPPER = "e2e-pepper-" + UUID.randomUUID();
    private static final String DB = "gatehouse_e2e_deltas";
    private static final int GATEWAYS = 3;
    private static final int CLIENTS_PER_GATEWAY = 16;
    private static final int LOG_SIZE = 60;
    private static final int RUNS = 3;
    private static final Pattern FETCHED = Pattern.compile(
            "(?m)^gatehouse_config_fetched_bytes_total\\{[^}]*kind=\"(snapshot|delta)\"[^}]*} ([0-9.E+]+)$");

    private EchoUpstream upstream;
    private ServiceProcess management;
    private final List<ServiceProcess> gateways = new ArrayList<>();
    private Admin admin;
    private String api;
    private String plan;
    private String app;
    private String loadKey;
    private Vertx vertx;
    private HttpClient load;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicLong loadAnswers = new AtomicLong();
    private final Closer closer = new Closer();

    @BeforeAll
    void start_management_and_three_gateways_under_load() throws Exception {
        String dbUrl = PostgresDatabase.recreate(DB);
        String namespace = "e2e-dl-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new EchoUpstream());
        management = closer.add(new ServiceProcess("delta-management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN,
                "GATEHOUSE_GATEWAY_CONFIG_CHANGE_LOG_SIZE", Integer.toString(LOG_SIZE))).heap("768m").start());
        for (int i = 1; i <= GATEWAYS; i++) {
            ServiceProcess gateway = closer.add(new ServiceProcess("delta-gateway-" + i, "gateway-runtime", ServiceProcess.env(
                    "GATEHOUSE_MANAGEMENT_URL", management.url(),
                    "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                    "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                    "GATEHOUSE_GATEWAY_DATA_DIR", Files.createTempDirectory("gatehouse-delta-").toString(),
                    "GATEHOUSE_GATEWAY_NODE_ID", "delta-gw-" + i,
                    "GATEHOUSE_GATEWAY_BAD_CREDENTIALS_PER_IP", "0")).heap("768m").start());
            gateways.add(gateway);
            // A gateway a test paused (SIGSTOP) stops at once only when resumed.
            closer.add(() -> gateway.signal("CONT"));
        }
        admin = new Admin(management.url(), ADMIN_TOKEN, GATEWAY_TOKEN);
        api = admin.create("/admin/v1/apis", Map.of("name", "Deltas", "lifecycle", "published",
                "routePath", "/dl", "upstreamUrl", upstream.url()));
        plan = admin.create("/admin/v1/plans", Map.of("apiId", api, "name", "Unlimited", "limitMode", "exact",
                "limits", List.of()));
        String org = admin.create("/admin/v1/organizations", Map.of("name", "Deltas " + UUID.randomUUID()));
        app = admin.create("/admin/v1/applications", Map.of("organizationId", org, "name", "App"));
        admin.create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));
        loadKey = issueKey()[0];
        admin.awaitConfigOn("delta-gw-", GATEWAYS);

        vertx = closer.add(Vertx.vertx());
        load = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(CLIENTS_PER_GATEWAY).setMaxWaitQueueSize(-1));
        closer.add(() -> loading.set(false));
        loading.set(true);
        for (int c = 0; c < GATEWAYS * CLIENTS_PER_GATEWAY; c++) {
            keepBusy(URI.create(gateways.get(c % GATEWAYS).url()));
        }
    }

    @AfterAll
    void stop_everything() throws Exception {
        closer.close();
    }

    @Test
    @Order(1)
    void a_gateway_paused_while_50_changes_happen_catches_up_through_the_log_and_holds_managements_config()
            throws Exception {
        ServiceProcess paused = gateways.get(1);
        for (int run = 1; run <= RUNS; run++) {
            double snapshotBytes = fetched(paused, "snapshot");
            double deltaBytes = fetched(paused, "delta");
            long from = managementVersion();
            paused.signal("STOP");
            String issued;
            String revoked;
            try {
                String[] changes = fiftyChanges(run);
                issued = changes[0];
                revoked = changes[1];
            } finally {
                paused.signal("CONT");
            }
            long to = managementVersion();
            assertEquals(50, to - from, "run " + run + ": the 50 changes are 50 config versions");
            awaitVersion(paused, to);

            assertEquals(snapshotBytes, fetched(paused, "snapshot"), "run " + run + ": no snapshot was fetched");
            assertTrue(fetched(paused, "delta") > deltaBytes, "run " + run + ": the changes came as a delta");
            assertSameConfigAsManagement("run " + run);
            assertEquals(200, call(paused, issued), "run " + run + ": a key issued while paused works");
            assertEquals(401, call(paused, revoked), "run " + run + ": a key revoked while paused is refused");
        }
        assertTrue(loadAnswers.get() > 0, "the load ran");
    }

    @Test
    @Order(2)
    void a_gateway_that_missed_more_changes_than_the_log_keeps_falls_back_to_the_snapshot() throws Exception {
        ServiceProcess paused = gateways.get(2);
        for (int run = 1; run <= RUNS; run++) {
            double snapshotBytes = fetched(paused, "snapshot");
            paused.signal("STOP");
            try {
                for (int i = 0; i < LOG_SIZE + 10; i++) {
                    issueKey();
                }
            } finally {
                paused.signal("CONT");
            }
            awaitVersion(paused, managementVersion());
            assertTrue(fetched(paused, "snapshot") > snapshotBytes, "run " + run + ": the snapshot was fetched");
            assertSameConfigAsManagement("run " + run);
        }
    }

    @Test
    @Order(3)
    void with_100000_keys_a_revocation_and_a_key_issue_each_move_under_10_kb_to_every_gateway() throws Exception {
        seedKeys(100_000);
        awaitAll();
        assertSameConfigAsManagement("after seeding");

        String[] key = issueKey();
        awaitAll();
        double[] before = totals();
        admin.call("POST", "/admin/v1/keys/" + key[1] + "/revoke", Map.of("reason", "e2e"));
        awaitAll();
        double[] afterRevoke = totals();
        issueKey();
        awaitAll();
        double[] afterIssue = totals();
        for (int g = 0; g < GATEWAYS; g++) {
            double revoke = afterRevoke[g] - before[g];
            double issue = afterIssue[g] - afterRevoke[g];
            assertTrue(revoke < 10_240, "gateway " + (g + 1) + " fetched " + revoke + " bytes for a revocation");
            assertTrue(issue < 10_240, "gateway " + (g + 1) + " fetched " + issue + " bytes for a new key");
        }
        assertEquals(401, call(gateways.get(0), key[0]), "the revoked key is refused");
        assertSameConfigAsManagement("after the revocation and the new key");
    }

    // --- the changes ---

    /** 50 changes of every kind, one config version each; returns a key issued and one revoked meanwhile. */
    private String[] fiftyChanges(int run) {
        String issued = null;
        String revoked = null;
        for (int i = 0; i < 10; i++) {
            String[] key = issueKey();                                                  // a key issued
            if (i % 2 == 0) {
                admin.call("POST", "/admin/v1/keys/" + key[1] + "/revoke", Map.of("reason", "e2e"));       // a key revoked
                revoked = key[0];
            } else {
                admin.call("PATCH", "/admin/v1/applications/" + app,                   // an application renamed
                        Map.of("name", "App " + run + "-" + i));
                issued = key[0];
            }
            admin.call("PATCH", "/admin/v1/plans/" + plan, Map.of("name", "Unlimited " + run + "-" + i)); // a plan renamed
            admin.call("POST", "/admin/v1/apis/" + api + "/routes",                     // a route added
                    Map.of("pathPrefix", "/dl-" + run + "-" + i));
            admin.call("PUT", "/admin/v1/apis/" + api + "/options",                     // an API's options replaced
                    Map.of("forwardUnsafeHeaders", i % 2 == 0));
        }
        return new String[] {issued, revoked};
    }

    private String[] issueKey() {
        JsonNode issued = admin.call("POST", "/admin/v1/applications/" + app + "/keys", Map.of("name", "k"));
        return new String[] {issued.get("key").asText(), issued.get("details").get("id").asText()};
    }

    /** 100,000 more active keys for the application, inserted directly, announced as one change to the application. */
    private void seedKeys(int count) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(DB), PostgresDatabase.USER, "");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO api_keys (id, application_id, name, key_hash, prefix, last_four, status)"
                             + " SELECT gen_random_uuid(), ?::uuid, 'seeded', md5(random()::text || i) || md5(i || random()::text),"
                             + " 'gh_' || substr(md5('p' || i), 1, 7), substr(md5('l' || i), 1, 4), 'active'"
                             + " FROM generate_series(1, ?) i")) {
            insert.setString(1, app);
            insert.setInt(2, count);
            insert.executeUpdate();
        }
        admin.call("PATCH", "/admin/v1/applications/" + app, Map.of("name", "App with " + count + " keys"));
    }

    // --- what the nodes hold ---

    private void assertSameConfigAsManagement(String when) throws Exception {
        JsonNode expected = Http.get(management.url() + "/internal/v1/gateway/digest",
                "Authorization", "Bearer " + GATEWAY_TOKEN).json();
        for (ServiceProcess g : gateways) {
            awaitVersion(g, expected.get("version").asLong());
            JsonNode held = Http.get(g.opsUrl() + "/q/gatehouse/config").json();
            assertEquals(expected.get("version").asLong(), held.get("version").asLong(), when + ": " + g.name);
            assertEquals(expected.get("digest").asText(), held.get("digest").asText(),
                    when + ": " + g.name + " holds a config that differs from management's");
        }
    }

    private long managementVersion() {
        return Http.get(management.url() + "/internal/v1/gateway/version", "Authorization", "Bearer " + GATEWAY_TOKEN)
                .json().get("version").asLong();
    }

    private void awaitAll() throws Exception {
        long version = managementVersion();
        for (ServiceProcess g : gateways) {
            awaitVersion(g, version);
        }
    }

    private static void awaitVersion(ServiceProcess gateway, long version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long seen = -1;
        while (System.nanoTime() < deadline) {
            Http.Answer a = Http.get(gateway.opsUrl() + "/q/gatehouse/config");
            if (a.status() == 200) {
                seen = a.json().get("version").asLong();
                if (seen >= version) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(gateway.name + " did not reach config version " + version + " within 60 s (at " + seen + ")");
    }

    private double[] totals() {
        double[] t = new double[GATEWAYS];
        for (int g = 0; g < GATEWAYS; g++) {
            t[g] = fetched(gateways.get(g), "snapshot") + fetched(gateways.get(g), "delta");
        }
        return t;
    }

    private static double fetched(ServiceProcess gateway, String kind) {
        Matcher m = FETCHED.matcher(Http.get(gateway.opsUrl() + "/q/metrics").body());
        while (m.find()) {
            if (m.group(1).equals(kind)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(gateway.name + " has no gatehouse_config_fetched_bytes_total{kind=\"" + kind + "\"}");
    }

    private int call(ServiceProcess gateway, String key) {
        return Http.get(gateway.url() + "/dl/echo", "X-Api-Key", key).status();
    }

    private void keepBusy(URI gateway) {
        if (!loading.get()) {
            return;
        }
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI("/dl/echo").putHeader("X-Api-Key", loadKey);
        load.request(o).compose(req -> req.send()).compose(res -> res.body())
                .onComplete(ar -> {
                    loadAnswers.incrementAndGet();
                    keepBusy(gateway);
                });
    }
}
