package io.gatehouse.gateway.ingress;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Health and metrics are on the management interface (loopback, another port), never on the public port; there,
 * {@code /q/...} is an API path like any other, so a route at {@code /q/metrics} reaches its upstream.
 */
@QuarkusTest
@QuarkusTestResource(GatewayWorldResource.class)
@QuarkusTestResource(RedisNamespaceResource.class)
class OperationalEndpointsTest {

    private static final String ROUTE_NOT_FOUND = "urn:gatehouse:problem:route-not-found";

    @BeforeEach
    void gateway_has_loaded_its_config_and_subscribed() {
        TestSnapshots.awaitLoadedAndSubscribed();
    }

    @Test
    void health_and_metrics_answer_404_on_the_public_port_and_are_served_on_the_management_interface() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q"}) {
            given().get(path).then().statusCode(404)
                    .contentType("application/problem+json").body("type", equalTo(ROUTE_NOT_FOUND));
            given().header("X-Api-Key", TestKeys.VALID).get(path).then().statusCode(404)
                    .body("type", equalTo(ROUTE_NOT_FOUND));
        }

        given().get(ManagementInterface.url("/q/metrics")).then().statusCode(200)
                .body(containsString("gatehouse_gateway_requests_total"));
        given().get(ManagementInterface.url("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(ManagementInterface.url("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void the_management_interface_listens_on_loopback_on_its_own_port() {
        URI ops = URI.create(ManagementInterface.url("/"));

        assertEquals("127.0.0.1", ops.getHost());
        assertNotEquals(RestAssured.port, ops.getPort());
        given().header("X-Api-Key", TestKeys.VALID).get(ManagementInterface.url("/demo/x")).then().statusCode(404);
    }

    @Test
    void a_route_at_q_metrics_is_proxied_to_its_upstream_like_any_other_path() {
        JsonObject before = TestSnapshots.served();
        JsonObject route = new JsonObject().put("id", "r-q-metrics").put("pathPrefix", "/q/metrics").putNull("host")
                .put("methods", new JsonArray().add("GET")).put("stripPrefix", false).put("position", 3)
                .put("connectTimeoutMs", 1_000).put("responseTimeoutMs", 30_000);
        JsonObject next = TestSnapshots.withRoute(before, TestSnapshots.ROUTING_API, route);
        try {
            TestSnapshots.push(next);
            await(Duration.ofSeconds(5), "the /q/metrics route to be served",
                    () -> given().header("X-Api-Key", TestKeys.VALID).get("/q/metrics").statusCode() == 200);

            given().header("X-Api-Key", TestKeys.VALID).get("/q/metrics?format=text").then().statusCode(200)
                    .body("upstream", equalTo("echo")).body("uri", equalTo("/base/q/metrics?format=text"));
            given().get("/q/metrics").then().statusCode(401).contentType(startsWith("application/problem+json"));
        } finally {
            TestSnapshots.push(before.copy().put("version", next.getLong("version") + 1));
            await(Duration.ofSeconds(5), "the /q/metrics route to be gone",
                    () -> given().header("X-Api-Key", TestKeys.VALID).get("/q/metrics").statusCode() == 404);
        }
    }
}
