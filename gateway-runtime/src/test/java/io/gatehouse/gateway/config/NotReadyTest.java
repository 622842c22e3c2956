package io.gatehouse.gateway.config;

import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.UnreachableManagementResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** No management, no Redis, no disk copy: the gateway runs, says it is not ready, and answers 503. */
@QuarkusTest
@TestProfile(NotReadyTest.NothingToLoad.class)
class NotReadyTest {

    public static class NothingToLoad implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UnreachableManagementResource.class));
        }
    }

    @Test
    void answers_503_gateway_not_ready_until_a_config_is_loaded() {
        given().header("X-Api-Key", "gh_anything").get("/demo/x").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:gateway-not-ready"))
                .body("status", equalTo(503));
        given().get(ManagementInterface.url("/q/health/ready")).then()
                .statusCode(503)
                .body("checks.find { it.name == 'gateway-config' }.status", equalTo("DOWN"));
    }
}
