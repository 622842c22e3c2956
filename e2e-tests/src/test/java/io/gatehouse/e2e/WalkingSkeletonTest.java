package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 2's acceptance, end to end: management-service, gateway-runtime, developer-portal and
 * billing-metering run as separate processes from their built jars, against the machine's real
 * PostgreSQL and Redis, with a real upstream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonTest {

    private static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    private static final String GATEWAY_TOKEN = "e2e-gateway-token-" + UUID.randomUUID();
    private static final String PEPPER = "e2e-pepper-" + UUID.randomUUID();
    private static final String DATABASE = "gatehouse_e2e";

    private EchoUpstream upstream;
    private EchoUpstream otherUpstream;
    private ServiceProcess management;
    private ServiceProcess gateway;
    private ServiceProcess portal;
    private ServiceProcess billing;
    private Path gatewayData;
    private Map<String, String> gatewayEnv;
    private final Closer closer = new Closer();

    private String apiRoute;
    private String key;
    private String keyId;
    private String otherApiKey;

    @BeforeAll
    void start_the_stack() throws Exception {
        String dbUrl = PostgresDatabase.recreate(DATABASE);
        String namespace = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        upstream = closer.add(new EchoUpstream());
        otherUpstream = closer.add(new EchoUpstream());
        gatewayData = Files.createTempDirectory("gatehouse-gateway-");

        management = closer.add(new ServiceProcess("management", "management-service", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_REDIS_NAMESPACE", namespace,
                "GATEHOUSE_KEY_PEPPER", PEPPER, "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start());
        gatewayEnv = ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url(), "GATEHOUSE_REDIS_URL", redis,
                "GATEHOUSE_REDIS_NAMESPACE", namespace, "GATEHOUSE_KEY_PEPPER", PEPPER,
                "GATEHOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN, "GATEHOUSE_GATEWAY_DATA_DIR", gatewayData.toString(),
                "GATEHOUSE_GATEWAY_NODE_ID", "gw-e2e");
        gateway = closer.add(new ServiceProcess("gateway", "gateway-runtime", gatewayEnv).start());
        portal = closer.add(new ServiceProcess("portal", "developer-portal", ServiceProcess.env(
                "GATEHOUSE_MANAGEMENT_URL", management.url())).start());
        billing = closer.add(new ServiceProcess("billing", "billing-metering", ServiceProcess.env(
                "GATEHOUSE_DB_URL", dbUrl, "GATEHOUSE_DB_USER", PostgresDatabase.USER,
                "GATEHOUSE_REDIS_URL", redis, "GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN)).start());
    }

    @AfterAll
    void stop_the_stack() throws Exception {
        closer.close();
    }

    @Test
    @Order(1)
    void an_admin_sets_up_a_partner_and_its_key_reaches_the_upstream() {
        apiRoute = "/payments";
        String api = create("/admin/v1/apis", Map.of("name", "Payments", "lifecycle", "published",
                "routePath", apiRoute, "upstreamUrl", upstream.url() + "/base"));
        String plan = create("/admin/v1/plans", Map.of("apiId", api, "name", "Starter",
                "limits", List.of(Map.of("kind", "rate", "maxRequests", 1000, "timeUnit", "minute"))));
        String org = create("/admin/v1/organizations", Map.of("name", "Acme Corp"));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Checkout"));
        create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));
        JsonNode issued = admin("POST", "/admin/v1/applications/" + app + "/keys", Map.of("name", "prod"));
        key = issued.get("key").asText();
        keyId = issued.get("details").get("id").asText();

        Http.Answer answer = eventually(200, () -> Http.get(gateway.url() + "/payments/charges?limit=2", "X-Api-Key", key));
        JsonNode echoed = answer.json();
        assertEquals("echo", echoed.get("upstream").asText());
        assertEquals("/base/charges", echoed.get("path").asText());
        assertEquals("limit=2", echoed.get("query").asText());
        assertNull(echoed.get("headers").get("x-api-key"), "the key must not be forwarded upstream");

        Http.Answer viaAuthorization = Http.get(gateway.url() + "/payments/charges", "Authorization", "ApiKey " + key);
        assertEquals(200, viaAuthorization.status());
        assertNull(viaAuthorization.json().get("headers").get("authorization"), "an ApiKey authorization must not be forwarded");
    }

    @Test
    @Order(2)
    void a_request_without_a_key_is_401() {
        Http.Answer a = Http.get(gateway.url() + "/payments/charges");
        assertProblem(a, 401, "missing-credentials");
    }

    @Test
    @Order(3)
    void a_wrong_key_is_401() {
        Http.Answer a = Http.get(gateway.url() + "/payments/charges", "X-Api-Key", "gh_" + "0".repeat(40));
        assertProblem(a, 401, "invalid-credentials");
    }

    @Test
    @Order(4)
    void a_key_subscribed_to_another_api_is_403() {
        String other = create("/admin/v1/apis", Map.of("name", "Ledger", "lifecycle", "published",
                "routePath", "/ledger", "upstreamUrl", otherUpstream.url()));
        String otherPlan = create("/admin/v1/plans", Map.of("apiId", other, "name", "Ledger basic"));
        String org = create("/admin/v1/organizations", Map.of("name", "Globex"));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Books"));
        create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", otherPlan));
        otherApiKey = admin("POST", "/admin/v1/applications/" + app + "/keys", null).get("key").asText();

        eventually(200, () -> Http.get(gateway.url() + "/ledger/entries", "X-Api-Key", otherApiKey));
        Http.Answer a = Http.get(gateway.url() + "/payments/charges", "X-Api-Key", otherApiKey);
        assertProblem(a, 403, "not-subscribed");
    }

    @Test
    @Order(5)
    void an_unknown_route_is_404() {
        assertProblem(Http.get(gateway.url() + "/nothing-here", "X-Api-Key", key), 404, "route-not-found");
    }

    @Test
    @Order(5)
    void health_and_metrics_are_served_only_on_each_services_management_port() {
        for (ServiceProcess service : new ServiceProcess[] {gateway, management, portal, billing}) {
            assertEquals(404, Http.get(service.url() + "/q/metrics", "X-Api-Key", key).status(), service.name + " public /q/metrics");
            assertEquals(404, Http.get(service.url() + "/q/health/ready").status(), service.name + " public /q/health/ready");
            assertEquals(200, Http.get(service.opsUrl() + "/q/health/ready").status(), service.name + " /q/health/ready");
            assertTrue(Http.get(service.opsUrl() + "/q/metrics").body().contains("# TYPE"), service.name + " /q/metrics");
        }
    }

    @Test
    @Order(6)
    void the_database_holds_no_plaintext_key() throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(DATABASE), PostgresDatabase.USER, "");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT t::text FROM api_keys t")) {
            int n = 0;
            while (rows.next()) {
                n++;
                String row = rows.getString(1);
                assertFalse(row.contains(key), "plaintext key in api_keys: " + row);
                assertFalse(row.contains(otherApiKey), "plaintext key in api_keys: " + row);
            }
            assertEquals(2, n);
        }
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(DATABASE), PostgresDatabase.USER, "");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT t::text FROM audit_log t")) {
            while (rows.next()) {
                assertFalse(rows.getString(1).contains(key), "plaintext key in the audit log");
            }
        }
    }

    @Test
    @Order(7)
    void the_portal_lists_the_published_apis_from_management() {
        Http.Answer page = Http.get(portal.url() + "/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Payments"), page.body());
        assertTrue(page.body().contains("Ledger"), page.body());
    }

    @Test
    @Order(8)
    void a_deprecated_api_announces_its_sunset_and_a_retired_one_is_gone_from_gateway_and_portal() {
        String api = create("/admin/v1/apis", Map.of("name", "Legacy", "lifecycle", "published",
                "routePath", "/legacy", "upstreamUrl", upstream.url()));
        String plan = create("/admin/v1/plans", Map.of("apiId", api, "name", "Legacy basic"));
        String org = create("/admin/v1/organizations", Map.of("name", "Initech"));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "TPS"));
        create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan));
        String legacyKey = admin("POST", "/admin/v1/applications/" + app + "/keys", null).get("key").asText();
        eventually(200, () -> Http.get(gateway.url() + "/legacy/x", "X-Api-Key", legacyKey));
        assertNull(Http.get(gateway.url() + "/legacy/x", "X-Api-Key", legacyKey).header("Deprecation"));

        // A sunset a year and a bit ahead of the real clock, at midnight UTC: the test reads the same on any date.
        java.time.Instant sunset = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(400)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        admin("PATCH", "/admin/v1/apis/" + api, Map.of("lifecycle", "deprecated", "sunsetAt", sunset.toString()));
        Http.Answer deprecated = eventuallyTrue(() -> {
            Http.Answer a = Http.get(gateway.url() + "/legacy/x", "X-Api-Key", legacyKey);
            return a.header("Deprecation") != null ? a : null;
        });
        assertEquals(200, deprecated.status());
        assertTrue(deprecated.header("Deprecation").matches("@\\d+"), deprecated.header("Deprecation"));
        assertEquals(java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH)
                        .format(sunset.atOffset(java.time.ZoneOffset.UTC)),
                deprecated.header("Sunset"));
        assertTrue(Http.get(portal.url() + "/").body().contains("Legacy"), "a deprecated API stays in the catalog");

        admin("PATCH", "/admin/v1/apis/" + api, Map.of("lifecycle", "retired"));
        eventually(404, () -> Http.get(gateway.url() + "/legacy/x", "X-Api-Key", legacyKey));
        assertFalse(Http.get(portal.url() + "/").body().contains("Legacy"), "a retired API leaves the portal");
    }

    @Test
    @Order(9)
    void billing_answers_the_usage_report_from_the_ledger() {
        String period = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        assertEquals(401, Http.get(billing.url() + "/billing/v1/reports/usage?period=" + period + "&format=csv").status(),
                "usage is not for everyone");
        Http.Answer report = Http.get(billing.url() + "/billing/v1/reports/usage?period=" + period + "&format=csv",
                "Authorization", "Bearer " + ADMIN_TOKEN);
        assertEquals(200, report.status());
        assertTrue(report.body().startsWith("organization_id,application_id,api_id,plan_id,requests,billable_requests"),
                report.body());
    }

    @Test
    @Order(10)
    void management_shows_which_config_version_the_gateway_applied() {
        long version = Http.get(management.url() + "/internal/v1/gateway/version", "Authorization", "Bearer " + GATEWAY_TOKEN)
                .json().get("version").asLong();
        JsonNode node = eventuallyTrue(() -> {
            JsonNode fleet = admin("GET", "/admin/v1/gateways", null);
            for (JsonNode n : fleet.get("nodes")) {
                if (n.get("nodeId").asText().equals("gw-e2e") && n.get("version").asLong() >= version) {
                    return n;
                }
            }
            return null;
        });
        assertFalse(node.get("stale").asBoolean());
    }

    @Test
    @Order(11)
    void a_revoked_key_is_refused_by_the_gateway_within_one_second() {
        assertEquals(200, Http.get(gateway.url() + "/payments/charges", "X-Api-Key", key).status());
        admin("POST", "/admin/v1/keys/" + keyId + "/revoke", Map.of("reason", "e2e"));
        long revokedAt = System.nanoTime();
        int status = 200;
        while (System.nanoTime() - revokedAt < 3_000_000_000L) {
            status = Http.get(gateway.url() + "/payments/charges", "X-Api-Key", key).status();
            if (status == 401) {
                break;
            }
            sleep(10);
        }
        long tookMs = (System.nanoTime() - revokedAt) / 1_000_000;
        assertEquals(401, status, "the revoked key still works after " + tookMs + " ms");
        assertTrue(tookMs < 1000, "revocation took " + tookMs + " ms to reach the gateway");
        System.out.printf("revocation reached the gateway in %d ms%n", tookMs);
    }

    @Test
    @Order(12)
    void a_gateway_restarted_while_management_is_down_serves_the_last_config() throws Exception {
        management.stop();
        gateway.stop();
        gateway = closer.add(new ServiceProcess("gateway-restarted", "gateway-runtime", gatewayEnv).start());
        assertEquals(200, Http.get(gateway.url() + "/ledger/entries", "X-Api-Key", otherApiKey).status());
        assertProblem(Http.get(gateway.url() + "/payments/charges", "X-Api-Key", key), 401, "invalid-credentials");
    }

    // ---- helpers ----

    private String create(String path, Map<String, ?> body) {
        return admin("POST", path, body).get("id").asText();
    }

    private JsonNode admin(String method, String path, Object body) {
        Http.Answer a = Http.send(method, management.url() + path, body, "Authorization", "Bearer " + ADMIN_TOKEN);
        assertTrue(a.status() / 100 == 2, method + " " + path + " answered " + a.status() + ": " + a.body());
        return a.json();
    }

    private static void assertProblem(Http.Answer a, int status, String slug) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"), a.header("Content-Type"));
        assertEquals("urn:gatehouse:problem:" + slug, a.json().get("type").asText());
        assertFalse(a.body().contains("Exception"), "a problem must not leak internals: " + a.body());
    }

    /** Config reaches the gateway asynchronously (well under a second); retry for up to 5 s. */
    private static Http.Answer eventually(int status, java.util.function.Supplier<Http.Answer> call) {
        Http.Answer last = null;
        for (int i = 0; i < 250; i++) {
            last = call.get();
            if (last.status() == status) {
                return last;
            }
            sleep(20);
        }
        throw new AssertionError("expected " + status + " but the last answer was " + last.status() + ": " + last.body());
    }

    private static <T> T eventuallyTrue(java.util.function.Supplier<T> probe) {
        for (int i = 0; i < 100; i++) {
            T t = probe.get();
            if (t != null) {
                return t;
            }
            sleep(100);
        }
        throw new AssertionError("condition not met within 10 s");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
