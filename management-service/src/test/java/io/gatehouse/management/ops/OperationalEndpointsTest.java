package io.gatehouse.management.ops;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Health and metrics are served on the management interface (loopback, its own port) and answer 404 on the public
 * port; the API description ({@code /q/openapi}, Swagger UI) stays public for the people who call the APIs.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OperationalEndpointsTest {

    @Test
    void health_and_metrics_answer_404_on_the_public_port() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live"}) {
            given().get(path).then().statusCode(404).body(not(containsString("# TYPE")));
        }
    }

    @Test
    void the_management_interface_serves_health_and_metrics_on_loopback_on_its_own_port() {
        URI ops = URI.create(ManagementInterface.url("/"));

        assertEquals("127.0.0.1", ops.getHost());
        assertNotEquals(RestAssured.port, ops.getPort());
        given().get(ManagementInterface.url("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(ManagementInterface.url("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(ManagementInterface.url("/q/metrics")).then().statusCode(200).body(containsString("# TYPE"));
    }

    @Test
    void the_api_description_and_swagger_ui_stay_on_the_public_port() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/admin/v1/apis"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get(ManagementInterface.url("/q/openapi")).then().statusCode(404);
    }
}
