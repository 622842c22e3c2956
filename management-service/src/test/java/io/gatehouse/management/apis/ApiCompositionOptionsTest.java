package io.gatehouse.management.apis;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.firstRoute;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.firstRouteOf;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.publishedApi;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.snapshotApi;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Composition routes and the statuses that count against a target, through the admin API into the snapshot. */
@QuarkusTest
public class ApiCompositionOptionsTest {

    /** A composition of two parts; also used by {@code console.ConsoleGatewayOptionsTest}. */
    public static final Map<String, Object> COMPOSE = Map.of("parts", List.of(
            Map.of("name", "user", "method", "GET", "url", "http://users.internal:8080/v1/users/me", "timeoutMs", 500,
                    "required", true),
            Map.of("name", "orders", "url", "/orders?limit=5", "timeoutMs", 800)),
            "maxPartBytes", 65536);

    @Test
    void a_composition_route_reaches_the_snapshot_in_the_documented_shape() {
        String api = publishedApi();
        String route = firstRoute(api);

        admin().body(Map.of("compose", COMPOSE)).put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then()
                .statusCode(200).body("routes[0].options.compose.parts[1].name", equalTo("orders"));

        assertEquals(COMPOSE, firstRouteOf(snapshotApi(api)).get("compose"));
    }

    @Test
    void invalid_compositions_answer_problems_naming_the_field() {
        String api = publishedApi();
        String path = "/admin/v1/apis/" + api + "/routes/" + firstRoute(api) + "/options";
        admin().body(Map.of("compose", Map.of("parts", List.of(
                        Map.of("name", "a", "url", "/a"), Map.of("name", "a", "url", "/b")))))
                .put(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("compose.parts[1].name")));
        admin().body(Map.of("compose", Map.of("parts", List.of(Map.of("name", "a", "url", "ftp://x/y")))))
                .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("compose.parts[0].url")));
        admin().body(Map.of("compose", Map.of("parts", List.of(Map.of("name", "a", "url", "/a", "method", "POST")))))
                .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("compose.parts[0].method")));
        admin().body(Map.of("compose", Map.of("parts", List.of(Map.of("name", "a", "url", "/a", "timeoutMs", 0)))))
                .put(path).then().statusCode(400).body("errors.field", hasItem("compose.parts[0].timeoutMs"));
        admin().body(Map.of("compose", Map.of("parts", List.of())))
                .put(path).then().statusCode(400).body("errors.field", hasItem("compose.parts"));
        admin().body(Map.of("compose", Map.of("parts", List.of(Map.of("name", "a", "url", "/a"))),
                        "cache", Map.of("ttlSeconds", 60)))
                .put(path).then().statusCode(400).body("errors.field", equalTo(List.of("cache")));
    }

    @Test
    void failure_statuses_of_the_circuit_breaker_reach_the_snapshot_and_must_be_5xx() {
        String api = publishedApi();
        admin().body(Map.of("circuitBreaker", Map.of("failureThreshold", 3, "failureStatuses", List.of(502, 503))))
                .put("/admin/v1/apis/" + api + "/options").then().statusCode(200);

        assertEquals(Map.of("failureThreshold", 3, "failureStatuses", List.of(502, 503)),
                snapshotApi(api).get("circuitBreaker"));
        admin().body(Map.of("circuitBreaker", Map.of("failureStatuses", List.of(503, 404))))
                .put("/admin/v1/apis/" + api + "/options").then().statusCode(400)
                .body("errors.field", equalTo(List.of("circuitBreaker.failureStatuses[1]")));
    }
}
