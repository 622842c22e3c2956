package io.gatehouse.management.apis;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.configVersion;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.snapshotApi;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An API's many routes through the admin API: add, replace, reorder, delete, and what gateways receive. */
@QuarkusTest
class ApiRoutesTest {

    private static final String PROBLEM = "urn:gatehouse:problem:";

    /** A published API with its first route at {@code prefix}; its id. */
    static String apiAt(String prefix) {
        return create("/admin/v1/apis", Map.of("name", unique("Routes"), "lifecycle", "published",
                "routePath", prefix, "upstreamUrl", "http://127.0.0.1:9/base"));
    }

    static Map<String, Object> route(String prefix, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("pathPrefix", prefix);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    static String addRoute(String api, Map<String, Object> body) {
        List<String> ids = admin().body(body).post("/admin/v1/apis/" + api + "/routes").then().statusCode(201)
                .extract().path("routes.id");
        return ids.get(ids.size() - 1);
    }

    static List<String> routeIds(String api) {
        return admin().get("/admin/v1/apis/" + api).then().statusCode(200).extract().path("routes.id");
    }

    static List<String> auditActions(String api) {
        return admin().queryParam("entityId", api).queryParam("limit", 100).get("/admin/v1/audit").then().statusCode(200)
                .extract().path("items.action");
    }

    @Test
    void adds_a_second_route_with_headers_rewrite_and_options_and_gateways_receive_it() {
        String prefix = "/" + unique("many");
        String api = apiAt(prefix);
        long before = configVersion();

        var response = admin().body(route(prefix, "methods", List.of("GET"),
                        "headers", List.of(Map.of("name", "X-Variant", "value", "beta"), Map.of("name", "X-Debug")),
                        "rewrite", Map.of("pattern", "/items/(\\d+)", "replacement", "/v2/items/$1"),
                        "responseTimeoutMs", 5000,
                        "options", Map.of("maxRequestBodyBytes", 2048, "requiredScopes", List.of("items:read"),
                                "cache", Map.of("ttlSeconds", 30),
                                "requestHeaders", Map.of("set", Map.of("X-Env", "beta")))))
                .post("/admin/v1/apis/" + api + "/routes");

        response.then().statusCode(201)
                .header("Location", containsString("/admin/v1/apis/" + api + "/routes/"))
                .body("routes", hasSize(2))
                .body("routes[1].position", equalTo(1))
                .body("routes[1].headers[0].name", equalTo("X-Variant"))
                .body("routes[1].headers[1].value", nullValue())
                .body("routes[1].rewrite.replacement", equalTo("/v2/items/$1"))
                .body("routes[1].stripPrefix", equalTo(false))
                .body("routes[1].options.cache.ttlSeconds", equalTo(30));
        assertTrue(configVersion() > before, "the config version moves so gateways fetch the new route");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> routes = (List<Map<String, Object>>) snapshotApi(api).get("routes");
        assertEquals(2, routes.size());
        assertEquals(0, routes.get(0).get("position"));
        assertFalse(routes.get(0).containsKey("headers"), "a route without conditions leaves them out");
        assertFalse(routes.get(0).containsKey("rewrite"));
        Map<String, Object> added = routes.get(1);
        assertEquals(1, added.get("position"));
        assertEquals(List.of(Map.of("name", "X-Variant", "value", "beta"), Map.of("name", "X-Debug")), added.get("headers"));
        assertEquals(Map.of("pattern", "/items/(\\d+)", "replacement", "/v2/items/$1"), added.get("rewrite"));
        assertEquals(2048, added.get("maxRequestBodyBytes"));
        assertEquals(List.of("items:read"), added.get("requiredScopes"));
        assertEquals(5000, added.get("responseTimeoutMs"));
        assertTrue(auditActions(api).contains("api.route-added"));
    }

    @Test
    void replaces_a_route_and_keeps_its_options_unless_the_body_carries_some() {
        String prefix = "/" + unique("edit");
        String api = apiAt(prefix);
        String second = addRoute(api, route(prefix + "/a", "options", Map.of("maxRetries", 0)));

        admin().body(route(prefix + "/b", "host", "API.Example.com", "methods", List.of("POST", "GET", "POST"),
                        "stripPrefix", false, "connectTimeoutMs", 700))
                .put("/admin/v1/apis/" + api + "/routes/" + second).then().statusCode(200)
                .body("routes[1].id", equalTo(second))
                .body("routes[1].pathPrefix", equalTo(prefix + "/b"))
                .body("routes[1].host", equalTo("api.example.com"))
                .body("routes[1].methods", equalTo(List.of("GET", "POST")))
                .body("routes[1].stripPrefix", equalTo(false))
                .body("routes[1].connectTimeoutMs", equalTo(700))
                .body("routes[1].options.maxRetries", equalTo(0));
        admin().body(route(prefix + "/b", "options", Map.of()))
                .put("/admin/v1/apis/" + api + "/routes/" + second).then().statusCode(200)
                .body("routes[1].options", nullValue())
                .body("routes[1].host", nullValue());

        JsonPath audit = admin().queryParam("entityId", api).get("/admin/v1/audit").then().statusCode(200).extract().jsonPath();
        assertEquals("api.route-updated", audit.getString("items[0].action"));
        assertEquals("api.example.com", audit.getString("items[0].before.host"));
        assertNull(audit.get("items[0].after.host"));
    }

    @Test
    void reorders_the_routes_and_refuses_an_order_that_leaves_one_out() {
        String prefix = "/" + unique("order");
        String api = apiAt(prefix);
        String first = routeIds(api).get(0);
        String second = addRoute(api, route(prefix + "/two"));
        String third = addRoute(api, route(prefix + "/three"));

        admin().body(Map.of("routeIds", List.of(third, first, second))).put("/admin/v1/apis/" + api + "/routes/order")
                .then().statusCode(200)
                .body("routes.id", equalTo(List.of(third, first, second)))
                .body("routes.position", equalTo(List.of(0, 1, 2)));
        assertEquals(List.of(third, first, second), routeIds(api));

        admin().body(Map.of("routeIds", List.of(third, first))).put("/admin/v1/apis/" + api + "/routes/order")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "validation-failed"))
                .body("errors.field", hasItem("routeIds"));
        admin().body(Map.of("routeIds", List.of(third, first, third))).put("/admin/v1/apis/" + api + "/routes/order")
                .then().statusCode(400);
        assertTrue(auditActions(api).contains("api.routes-reordered"));
    }

    @Test
    void deletes_a_route_closes_the_gap_and_refuses_to_delete_the_last_one() {
        String prefix = "/" + unique("del");
        String api = apiAt(prefix);
        String first = routeIds(api).get(0);
        String second = addRoute(api, route(prefix + "/two"));
        String third = addRoute(api, route(prefix + "/three"));

        admin().delete("/admin/v1/apis/" + api + "/routes/" + second).then().statusCode(200)
                .body("routes.id", equalTo(List.of(first, third)))
                .body("routes.position", equalTo(List.of(0, 1)));
        admin().delete("/admin/v1/apis/" + api + "/routes/" + first).then().statusCode(200);

        admin().delete("/admin/v1/apis/" + api + "/routes/" + third).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "last-route"));
        assertEquals(List.of(third), routeIds(api));
        assertTrue(auditActions(api).contains("api.route-deleted"));
    }

    @Test
    void answers_404_for_an_unknown_route_or_api() {
        String api = apiAt("/" + unique("nf"));
        String unknown = UUID.randomUUID().toString();

        admin().delete("/admin/v1/apis/" + api + "/routes/" + unknown).then().statusCode(404)
                .body("type", equalTo(PROBLEM + "not-found"));
        admin().body(route("/x")).put("/admin/v1/apis/" + api + "/routes/" + unknown).then().statusCode(404);
        admin().body(route("/" + unique("x"))).post("/admin/v1/apis/" + unknown + "/routes").then().statusCode(404);
    }

    @Test
    void refuses_a_bad_regex_header_name_replacement_or_a_rewrite_with_strip_prefix_with_400() {
        String prefix = "/" + unique("bad");
        String api = apiAt(prefix);

        admin().body(route(prefix + "/r", "rewrite", Map.of("pattern", "/(unclosed", "replacement", "/x")))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "validation-failed"))
                .body("errors.field", hasItem("rewrite.pattern"));
        admin().body(route(prefix + "/r", "rewrite", Map.of("pattern", "/(\\d+)", "replacement", "/x/$2")))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .body("errors.field", hasItem("rewrite.replacement"))
                .body("detail", containsString("group 2"));
        admin().body(route(prefix + "/r", "rewrite", Map.of("pattern", "/(.*)", "replacement", "/x?y=$1")))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .body("errors.field", hasItem("rewrite.replacement"));
        admin().body(route(prefix + "/r", "stripPrefix", true, "rewrite", Map.of("pattern", "/(.*)", "replacement", "/$1")))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .body("errors.field", hasItem("stripPrefix"));
        admin().body(route(prefix + "/r", "headers", List.of(Map.of("name", "X Bad", "value", "1"),
                        Map.of("name", "Host", "value", "a"), Map.of("name", "X-Ok", "value", "line\nbreak"))))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .body("errors.field", hasItems("headers[0].name", "headers[1].name", "headers[2].value"));
        admin().body(route(prefix + "/r", "headers", List.of(Map.of("name", "X-A"), Map.of("name", "x-a", "value", "1"))))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .body("errors.field", hasItem("headers[1].name"));
        admin().body(route(prefix + "/r", "options", Map.of("requestHeaders", Map.of("set", Map.of("Host", "x")))))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(400)
                .body("errors.field", hasItem("options.requestHeaders.set.Host"));
        admin().body(route("relative")).post("/admin/v1/apis/" + api + "/routes").then().statusCode(400);
        assertEquals(1, routeIds(api).size(), "nothing was added");
    }

    @Test
    void takes_a_route_under_q_because_the_gateway_serves_its_health_and_metrics_on_another_port() {
        String api = apiAt("/" + unique("ops"));

        String route = addRoute(api, route("/q/metrics"));

        assertTrue(routeIds(api).contains(route));
        admin().get("/admin/v1/apis/" + api).then().statusCode(200).body("routes.pathPrefix", hasItem("/q/metrics"));
    }

    @Test
    void refuses_an_identical_match_with_409_but_takes_the_same_prefix_with_other_methods_or_headers() {
        String prefix = "/" + unique("same");
        String api = apiAt(prefix);
        String other = apiAt("/" + unique("other"));

        admin().body(route(prefix)).post("/admin/v1/apis/" + other + "/routes").then().statusCode(409)
                .body("type", equalTo(PROBLEM + "conflict"));
        addRoute(api, route(prefix, "methods", List.of("POST")));
        addRoute(other, route(prefix, "headers", List.of(Map.of("name", "X-Tenant", "value", "a"))));
        admin().body(route(prefix, "headers", List.of(Map.of("name", "x-tenant", "value", "a"))))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(409);
        addRoute(api, route(prefix, "headers", List.of(Map.of("name", "X-Tenant", "value", "b"))));
        assertEquals(3, routeIds(api).size());
    }
}
