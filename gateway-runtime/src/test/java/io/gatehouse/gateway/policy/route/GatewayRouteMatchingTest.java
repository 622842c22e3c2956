package io.gatehouse.gateway.policy.route;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Routes that share a prefix: header conditions choose between them, a rewrite reaches the upstream, and a route
 * added by a config push is served without a restart. The upstream is the real echo server of the test world.
 */
@QuarkusTest
@QuarkusTestResource(GatewayWorldResource.class)
@QuarkusTestResource(RedisNamespaceResource.class)
class GatewayRouteMatchingTest {

    @BeforeEach
    void gateway_has_loaded_its_config_and_subscribed() {
        TestSnapshots.awaitLoadedAndSubscribed();
    }

    private static JsonPath echoed(Response response) {
        response.then().statusCode(200).body("upstream", equalTo("echo"));
        return response.jsonPath();
    }

    @Test
    void a_matching_header_chooses_the_route_and_its_rewritten_path_reaches_the_upstream() {
        JsonPath beta = echoed(given().header("X-Api-Key", TestKeys.VALID).header("X-Variant", "beta")
                .get("/routing/items/7?expand=lines"));
        JsonPath plain = echoed(given().header("X-Api-Key", TestKeys.VALID).get("/routing/items/7?expand=lines"));
        JsonPath otherValue = echoed(given().header("X-Api-Key", TestKeys.VALID).header("X-Variant", "gamma")
                .get("/routing/items/7"));

        assertEquals("/base/v2/items/7?expand=lines", beta.getString("uri"));
        assertEquals("/base/items/7?expand=lines", plain.getString("uri"));
        assertEquals("/base/items/7", otherValue.getString("uri"));
    }

    @Test
    void a_path_the_rewrite_does_not_match_is_forwarded_without_the_prefix() {
        JsonPath echo = echoed(given().header("X-Api-Key", TestKeys.VALID).header("X-Variant", "beta")
                .get("/routing/orders/7"));

        assertEquals("/base/orders/7", echo.getString("uri"));
    }

    @Test
    void a_route_added_by_a_config_push_is_served_without_a_restart() {
        given().header("X-Api-Key", TestKeys.VALID).get("/pushed-route/abc").then().statusCode(404);
        JsonObject route = new JsonObject().put("id", "r-pushed").put("pathPrefix", "/pushed-route").putNull("host")
                .put("methods", new JsonArray().add("GET")).put("stripPrefix", false).put("position", 2)
                .put("connectTimeoutMs", 1_000).put("responseTimeoutMs", 30_000)
                .put("rewrite", new JsonObject().put("pattern", "/(.*)").put("replacement", "/moved/$1"));
        TestSnapshots.push(TestSnapshots.withRoute(TestSnapshots.served(), TestSnapshots.ROUTING_API, route));

        await(Duration.ofSeconds(5), "the pushed route to be served",
                () -> given().header("X-Api-Key", TestKeys.VALID).get("/pushed-route/abc").statusCode() == 200);

        assertEquals("/base/moved/abc",
                echoed(given().header("X-Api-Key", TestKeys.VALID).get("/pushed-route/abc")).getString("uri"));
        given().header("X-Api-Key", TestKeys.VALID).post("/pushed-route/abc").then().statusCode(405);
    }
}
