package io.gatehouse.management.apis;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream targets and the optional gateway options of APIs and routes, through the admin API into the snapshot. */
@QuarkusTest
class ApiGatewayOptionsTest {

    static final Map<String, Object> API_OPTIONS = Map.of(
            "cors", Map.of("allowedOrigins", List.of("https://app.example"), "allowedMethods", List.of("GET", "POST"),
                    "allowedHeaders", List.of("Content-Type", "X-Api-Key"), "exposedHeaders", List.of("RateLimit"),
                    "allowCredentials", false, "maxAgeSeconds", 600),
            "ipAccess", Map.of("allow", List.of("10.0.0.0/8", "2001:db8::/32"), "deny", List.of("10.6.6.6")),
            "healthCheck", Map.of("path", "/health", "intervalMs", 5000, "timeoutMs", 1000,
                    "healthyThreshold", 2, "unhealthyThreshold", 2),
            "circuitBreaker", Map.of("failureThreshold", 5, "openMs", 10000),
            "forwardUnsafeHeaders", true,
            "accessLog", Map.of("enabled", false),
            "scrubHeaders", List.of("Server", "X-AspNet-Version"));

    static final Map<String, Object> ROUTE_OPTIONS = Map.of(
            "maxRequestBodyBytes", 1048576,
            "maxRetries", 1,
            "cache", Map.of("ttlSeconds", 60, "perConsumer", false, "maxEntryBytes", 1048576),
            "requestHeaders", Map.of("remove", List.of("X-Internal"), "set", Map.of("X-Env", "prod"), "add", Map.of("X-Tag", "a")),
            "responseHeaders", Map.of("remove", List.of("Server"), "set", Map.of(), "add", Map.of("X-Served-By", "gatehouse")));

    static String publishedApi() {
        return create("/admin/v1/apis", Map.of("name", unique("Opts"), "lifecycle", "published",
                "routePath", "/" + unique("opt"), "upstreamUrl", "http://127.0.0.1:9/base"));
    }

    static String firstRoute(String api) {
        return admin().get("/admin/v1/apis/" + api).then().statusCode(200).extract().path("routes[0].id");
    }

    static RequestSpecification gateway() {
        return given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN);
    }

    static long configVersion() {
        return gateway().get("/internal/v1/gateway/version").then().statusCode(200).extract().jsonPath().getLong("version");
    }

    /** The API's entry in the snapshot, as the gateway receives it. */
    static Map<String, Object> snapshotApi(String api) {
        String json = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract().asString();
        return JsonPath.from(json).getMap("apis.find { it.id == '" + api + "' }");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> firstRouteOf(Map<String, Object> apiEntry) {
        return ((List<Map<String, Object>>) apiEntry.get("routes")).get(0);
    }

    @Test
    void api_and_route_options_round_trip_through_the_admin_api() {
        String api = publishedApi();
        String route = firstRoute(api);
        admin().body(API_OPTIONS).put("/admin/v1/apis/" + api + "/options").then().statusCode(200)
                .body("options.cors.allowedOrigins", equalTo(List.of("https://app.example")))
                .body("options.ipAccess.deny", equalTo(List.of("10.6.6.6")));
        admin().body(ROUTE_OPTIONS).put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200)
                .body("routes[0].options.cache.ttlSeconds", equalTo(60));

        JsonPath got = admin().get("/admin/v1/apis/" + api).then().statusCode(200).extract().jsonPath();
        assertEquals(API_OPTIONS, got.getMap("options"));
        assertEquals(ROUTE_OPTIONS, got.getMap("routes[0].options"));
    }

    @Test
    void a_route_may_let_its_cache_store_answers_that_set_a_cookie_and_the_snapshot_says_so() {
        String api = publishedApi();
        String route = firstRoute(api);
        admin().body(Map.of("cache", Map.of("ttlSeconds", 60, "storeSetCookie", true)))
                .put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200)
                .body("routes[0].options.cache.storeSetCookie", equalTo(true));

        @SuppressWarnings("unchecked")
        Map<String, Object> cache = (Map<String, Object>) firstRouteOf(snapshotApi(api)).get("cache");
        assertEquals(true, cache.get("storeSetCookie"));
        admin().body(Map.of("cache", Map.of("storeSetCookie", "yes")))
                .put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(400);
    }

    @Test
    void empty_options_clear_them_and_the_snapshot_leaves_the_fields_out() {
        String api = publishedApi();
        String route = firstRoute(api);
        admin().body(API_OPTIONS).put("/admin/v1/apis/" + api + "/options").then().statusCode(200);
        admin().body(ROUTE_OPTIONS).put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200);
        admin().body(Map.of()).put("/admin/v1/apis/" + api + "/options").then().statusCode(200).body("options", nullValue());
        admin().body(Map.of()).put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200)
                .body("routes[0].options", nullValue());

        Map<String, Object> entry = snapshotApi(api);
        for (String field : List.of("cors", "ipAccess", "healthCheck", "circuitBreaker", "forwardUnsafeHeaders",
                "accessLog", "scrubHeaders")) {
            assertFalse(entry.containsKey(field), field + " is absent when not set");
        }
        Map<String, Object> routeEntry = firstRouteOf(entry);
        for (String field : List.of("maxRequestBodyBytes", "requestHeaders", "responseHeaders", "maxRetries", "cache")) {
            assertFalse(routeEntry.containsKey(field), field + " is absent when not set");
        }
    }

    @Test
    void the_snapshot_carries_the_options_in_the_documented_shapes() {
        String api = publishedApi();
        String route = firstRoute(api);
        admin().body(API_OPTIONS).put("/admin/v1/apis/" + api + "/options").then().statusCode(200);
        admin().body(ROUTE_OPTIONS).put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200);

        Map<String, Object> entry = snapshotApi(api);
        for (String field : API_OPTIONS.keySet()) {
            assertEquals(API_OPTIONS.get(field), entry.get(field), field);
        }
        Map<String, Object> routeEntry = firstRouteOf(entry);
        for (String field : ROUTE_OPTIONS.keySet()) {
            assertEquals(ROUTE_OPTIONS.get(field), routeEntry.get(field), "routes[0]." + field);
        }
    }

    @Test
    void forward_unsafe_headers_reaches_the_snapshot_when_true_and_false_is_the_default_left_out() {
        String api = publishedApi();
        long before = configVersion();
        admin().body(Map.of("forwardUnsafeHeaders", true)).put("/admin/v1/apis/" + api + "/options").then()
                .statusCode(200).body("options.forwardUnsafeHeaders", equalTo(true));
        assertTrue(configVersion() > before, "turning it on is a config change");
        assertEquals(Boolean.TRUE, admin().get("/admin/v1/apis/" + api).then().statusCode(200).extract()
                .path("options.forwardUnsafeHeaders"));
        assertEquals(Boolean.TRUE, snapshotApi(api).get("forwardUnsafeHeaders"));

        admin().body(Map.of("forwardUnsafeHeaders", false)).put("/admin/v1/apis/" + api + "/options").then()
                .statusCode(200).body("options", nullValue());
        assertFalse(snapshotApi(api).containsKey("forwardUnsafeHeaders"), "false is the gateway's default");
    }

    @Test
    void forward_unsafe_headers_that_is_not_a_boolean_answers_a_problem() {
        String api = publishedApi();
        admin().body(Map.of("forwardUnsafeHeaders", List.of("yes"))).put("/admin/v1/apis/" + api + "/options").then()
                .statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
    }

    @Test
    void a_partial_option_sends_only_what_was_set() {
        String api = publishedApi();
        admin().body(Map.of("circuitBreaker", Map.of("failureThreshold", 3)))
                .put("/admin/v1/apis/" + api + "/options").then().statusCode(200);
        Object breaker = snapshotApi(api).get("circuitBreaker");
        assertEquals(Map.of("failureThreshold", 3), breaker, "openMs is left to the gateway's default");
    }

    @Test
    void several_weighted_targets_replace_the_single_upstream_and_only_enabled_ones_reach_the_gateway() {
        String api = publishedApi();
        String firstId = admin().get("/admin/v1/apis/" + api).then().extract().path("targets[0].id");
        admin().body(Map.of("targets", List.of(
                        Map.of("url", "http://127.0.0.1:9/base", "weight", 3),
                        Map.of("url", "https://b.internal:8443", "weight", 1),
                        Map.of("url", "http://c.internal", "weight", 2, "enabled", false))))
                .put("/admin/v1/apis/" + api + "/targets").then().statusCode(200)
                .body("targets", hasSize(3))
                .body("targets[0].id", equalTo(firstId))
                .body("targets[0].weight", equalTo(3))
                .body("targets[2].enabled", equalTo(false));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) snapshotApi(api).get("targets");
        assertEquals(List.of(Map.of("id", firstId, "url", "http://127.0.0.1:9/base", "weight", 3),
                        Map.of("id", targets.get(1).get("id"), "url", "https://b.internal:8443", "weight", 1)),
                targets);

        // upstreamUrl on PATCH still changes the first target.
        admin().body(Map.of("upstreamUrl", "http://127.0.0.1:10")).patch("/admin/v1/apis/" + api).then().statusCode(200)
                .body("targets[0].url", equalTo("http://127.0.0.1:10")).body("targets", hasSize(3));
    }

    @Test
    void invalid_targets_answer_problems_naming_the_field() {
        String api = publishedApi();
        admin().body(Map.of("targets", List.of(Map.of("url", "ftp://x.internal")))).put("/admin/v1/apis/" + api + "/targets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("targets[0].url"));
        admin().body(Map.of("targets", List.of(Map.of("url", "http://a.internal", "weight", 0))))
                .put("/admin/v1/apis/" + api + "/targets")
                .then().statusCode(400).body("errors.field", hasItem("targets[0].weight"));
        admin().body(Map.of("targets", List.of(Map.of("url", "http://a.internal", "enabled", false))))
                .put("/admin/v1/apis/" + api + "/targets")
                .then().statusCode(400).body("errors.field", hasItem("targets"));
        admin().body(Map.of("targets", List.of(Map.of("url", "http://a.internal"), Map.of("url", "http://a.internal/"))))
                .put("/admin/v1/apis/" + api + "/targets")
                .then().statusCode(400).body("errors.field", hasItem("targets[1].url"));
        admin().body(Map.of("targets", List.of())).put("/admin/v1/apis/" + api + "/targets")
                .then().statusCode(400).body("errors.field", hasItem("targets"));
    }

    @Test
    void an_access_log_sample_rate_reaches_the_snapshot_as_set() {
        String api = publishedApi();
        long before = configVersion();
        admin().body(Map.of("accessLog", Map.of("sampleRate", 0.25))).put("/admin/v1/apis/" + api + "/options").then()
                .statusCode(200).body("options.accessLog.sampleRate", equalTo(0.25f));
        assertTrue(configVersion() > before, "sampling the access log is a config change");

        @SuppressWarnings("unchecked")
        Map<String, Object> accessLog = (Map<String, Object>) snapshotApi(api).get("accessLog");
        assertEquals(0.25, ((Number) accessLog.get("sampleRate")).doubleValue());
        assertFalse(accessLog.containsKey("enabled"), "only what was set is sent");
    }

    @Test
    void scrubbed_headers_reach_the_snapshot_as_set_and_an_empty_list_turns_the_gateways_default_off() {
        String api = publishedApi();
        String path = "/admin/v1/apis/" + api + "/options";
        assertFalse(snapshotApi(api).containsKey("scrubHeaders"), "not set: the gateway's default (Server, X-Powered-By)");

        long before = configVersion();
        admin().body(Map.of("scrubHeaders", List.of("Server", "X-AspNet-Version"))).put(path).then().statusCode(200)
                .body("options.scrubHeaders", equalTo(List.of("Server", "X-AspNet-Version")));
        assertTrue(configVersion() > before, "what the gateway removes is a config change");
        assertEquals(List.of("Server", "X-AspNet-Version"), snapshotApi(api).get("scrubHeaders"));

        admin().body(Map.of("scrubHeaders", List.of())).put(path).then().statusCode(200);
        assertEquals(List.of(), snapshotApi(api).get("scrubHeaders"), "[] is sent: it means remove nothing");
    }

    @Test
    void scrubbed_headers_that_are_not_header_names_framing_headers_or_repeated_answer_problems_naming_each() {
        String path = "/admin/v1/apis/" + publishedApi() + "/options";
        admin().body(Map.of("scrubHeaders", List.of("Server", "bad name", "Content-Length", "server", "X-Ok")))
                .put(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", equalTo(List.of("scrubHeaders[1]", "scrubHeaders[2]", "scrubHeaders[3]")));
        admin().body(Map.of("scrubHeaders", "Server")).put(path).then().statusCode(400)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
    }

    @Test
    void an_access_log_sample_rate_outside_zero_to_one_answers_a_problem_naming_the_field() {
        String path = "/admin/v1/apis/" + publishedApi() + "/options";
        for (Object rate : List.of(1.5, -0.1, 2)) {
            admin().body(Map.of("accessLog", Map.of("sampleRate", rate))).put(path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                    .body("errors.field", equalTo(List.of("accessLog.sampleRate")));
        }
        admin().body(Map.of("accessLog", Map.of("enabled", false, "sampleRate", 0.5))).put(path).then().statusCode(400)
                .body("errors.field", equalTo(List.of("accessLog.sampleRate")));
        admin().body(Map.of("accessLog", Map.of("sampleRate", "often"))).put(path).then().statusCode(400)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
    }

    @Test
    void invalid_api_options_answer_problems_naming_the_field() {
        String api = publishedApi();
        String path = "/admin/v1/apis/" + api + "/options";
        admin().body(Map.of("ipAccess", Map.of("deny", List.of("10.0.0.1", "10.0.0.0/33"))))
                .put(path).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", equalTo(List.of("ipAccess.deny[1]")));
        admin().body(Map.of("ipAccess", Map.of("allow", List.of("example.com"))))
                .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("ipAccess.allow[0]")));
        admin().body(Map.of("cors", Map.of("allowedOrigins", List.of("https://app.example/path"))))
                .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("cors.allowedOrigins[0]")));
        admin().body(Map.of("cors", Map.of("allowedOrigins", List.of("*"), "allowCredentials", true)))
                .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("cors.allowCredentials")));
        admin().body(Map.of("cors", Map.of("allowedMethods", List.of("GET"))))
                .put(path).then().statusCode(400).body("errors.field", hasItem("cors.allowedOrigins"));
        admin().body(Map.of("healthCheck", Map.of("intervalMs", 10)))
                .put(path).then().statusCode(400).body("errors.field", hasItem("healthCheck.intervalMs"));
        admin().body(Map.of("circuitBreaker", Map.of("openMs", 5)))
                .put(path).then().statusCode(400).body("errors.field", hasItem("circuitBreaker.openMs"));
    }

    @Test
    void invalid_route_options_answer_problems_naming_the_field() {
        String api = publishedApi();
        String path = "/admin/v1/apis/" + api + "/routes/" + firstRoute(api) + "/options";
        admin().body(Map.of("requestHeaders", Map.of("set", Map.of("Host", "evil.example"))))
                .put(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("requestHeaders.set.Host")));
        for (String name : List.of("Connection", "Transfer-Encoding", "Content-Length")) {
            admin().body(Map.of("responseHeaders", Map.of("remove", List.of(name))))
                    .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("responseHeaders.remove[0]")));
        }
        admin().body(Map.of("requestHeaders", Map.of("add", Map.of("X-Ok", "a\r\nX-Injected: 1"))))
                .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("requestHeaders.add.X-Ok")));
        admin().body(Map.of("maxRetries", 6)).put(path).then().statusCode(400).body("errors.field", hasItem("maxRetries"));
        admin().body(Map.of("cache", Map.of("ttlSeconds", -1))).put(path).then().statusCode(400)
                .body("errors.field", hasItem("cache.ttlSeconds"));
        admin().body(Map.of("maxRequestBodyBytes", 0)).put(path).then().statusCode(400)
                .body("errors.field", hasItem("maxRequestBodyBytes"));
        admin().body(Map.of()).put("/admin/v1/apis/" + api + "/routes/" + java.util.UUID.randomUUID() + "/options")
                .then().statusCode(404);
    }

    @Test
    void every_change_bumps_the_config_version_and_is_audited() {
        String api = publishedApi();
        String route = firstRoute(api);
        long v0 = configVersion();
        admin().body(API_OPTIONS).put("/admin/v1/apis/" + api + "/options").then().statusCode(200);
        long v1 = configVersion();
        admin().body(ROUTE_OPTIONS).put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200);
        long v2 = configVersion();
        admin().body(Map.of("targets", List.of(Map.of("url", "http://127.0.0.1:9/base", "weight", 2))))
                .put("/admin/v1/apis/" + api + "/targets").then().statusCode(200);
        long v3 = configVersion();
        assertTrue(v0 < v1 && v1 < v2 && v2 < v3, "versions " + List.of(v0, v1, v2, v3));
        List<String> actions = admin().queryParam("entityId", api).get("/admin/v1/audit").then().statusCode(200)
                .extract().jsonPath().getList("items.action");
        assertTrue(actions.containsAll(List.of("api.options-replaced", "api.route-options-replaced", "api.targets-replaced")),
                "audited: " + actions);
    }

    @Test
    void invalid_options_do_not_bump_the_config_version() {
        String api = publishedApi();
        long before = configVersion();
        admin().body(Map.of("ipAccess", Map.of("deny", List.of("nope")))).put("/admin/v1/apis/" + api + "/options")
                .then().statusCode(400);
        assertEquals(before, configVersion());
    }
}
