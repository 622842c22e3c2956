package io.gatehouse.billing.ops;

import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Health and metrics are served on the management interface (loopback, its own port), never on the public port. */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_test"))
class OperationalEndpointsTest {

    @Test
    void health_metrics_and_the_openapi_document_answer_404_on_the_public_port() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi"}) {
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
        given().get(ManagementInterface.url("/q/openapi")).then().statusCode(200).body(containsString("/billing/v1/invoices"));
    }
}
