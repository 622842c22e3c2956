package io.gatehouse.gateway.config;

import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.UnreachableManagementResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.gatehouse.gateway.support.GatewayWorld.readyVersion;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Management and Redis are both down at start; the gateway serves from its disk copy. */
@QuarkusTest
@TestProfile(DiskCopyStartTest.ManagementAndRedisDown.class)
class DiskCopyStartTest {

    public static class ManagementAndRedisDown implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UnreachableManagementResource.class, Map.of("diskCopy", "true")));
        }
    }

    @Test
    void starts_with_management_unreachable_and_serves_from_the_disk_copy() {
        await(Duration.ofSeconds(20), "the disk copy to be applied",
                () -> readyVersion() == UnreachableManagementResource.DISK_VERSION);

        given().header("X-Api-Key", TestKeys.VALID).get("/demo/from-disk").then()
                .statusCode(200)
                .body("uri", equalTo("/base/from-disk"));
        given().get("/demo/from-disk").then().statusCode(401);
    }
}
