package io.gatehouse.gateway.metrics;

import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.ObservedWorld;
import io.gatehouse.gateway.support.ObservedWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code /q/metrics} says about requests, upstreams and compositions, and that it never names a consumer. */
@QuarkusTest
@TestProfile(ObservedWorld.class)
class GatewayMetricsTest {

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @Test
    void counts_requests_by_api_route_outcome_denying_policy_and_status_class_without_consumer_labels() {
        given().header("X-Api-Key", TestKeys.VALID).get("/echo/x").then().statusCode(200);
        given().get("/echo/x").then().statusCode(401);
        given().header("X-Api-Key", TestKeys.VALID).get("/composed").then().statusCode(200);

        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();

        String api = ObservedWorldResource.ECHO_API;
        assertTrue(metrics.contains("gatehouse_gateway_requests_total{api=\"" + api
                + "\",outcome=\"proxied\",policy=\"none\",route=\"r-echo\",status_class=\"2xx\"}"), "served");
        assertTrue(metrics.contains("gatehouse_gateway_requests_total{api=\"" + api
                + "\",outcome=\"missing-credentials\",policy=\"api-key\",route=\"r-echo\",status_class=\"4xx\"}"), "denied");
        assertTrue(metrics.contains("gatehouse_upstream_latency_seconds_bucket{api=\"" + api + "\""), "latency histogram");
        assertTrue(metrics.contains("gatehouse_compose_parts_total{api=\"" + ObservedWorldResource.COMPOSED_API
                + "\",part=\"c\",result=\"upstream-timeout\",route=\"r-composed\"}"), "composition parts");
        assertFalse(metrics.contains(TestSnapshots.CHECKOUT_APP), "an application id is a label");
        assertFalse(metrics.contains("k-valid"), "a key id is a label");
    }

    @Test
    void shows_the_health_and_breaker_state_of_every_target() {
        given().header("X-Api-Key", TestKeys.VALID).get("/sick/x");
        given().header("X-Api-Key", TestKeys.VALID).get("/sick/x");

        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();

        for (String target : new String[]{"t-sick", "t-well"}) {
            assertTrue(metrics.contains("gatehouse_upstream_target_healthy{api=\"" + ObservedWorldResource.SICK_API
                    + "\",target=\"" + target + "\"}"), target + " health");
            assertTrue(metrics.contains("gatehouse_upstream_breaker_state{api=\"" + ObservedWorldResource.SICK_API
                    + "\",target=\"" + target + "\"}"), target + " breaker");
        }
    }
}
