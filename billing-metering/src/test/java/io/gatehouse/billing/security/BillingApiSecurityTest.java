package io.gatehouse.billing.security;

import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Usage and invoices are not for everyone: who may read them, and who may close a period.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_security_test"))
class BillingApiSecurityTest {

    private static final String[] READS = {
            "/billing/v1/reports/usage?period=2026-11",
            "/billing/v1/reports/invoices?period=2026-11",
            "/billing/v1/invoices?period=2026-11",
            "/billing/v1/usage/timeseries?granularity=day&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z"};

    @Test
    void without_a_token_every_billing_route_is_401_problem_json() {
        for (String path : READS) {
            given().when().get(path).then().statusCode(401)
                    .contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("urn:gatehouse:problem:unauthenticated"));
        }
        given().contentType("application/json").when().post("/billing/v1/periods/2026-10/close")
                .then().statusCode(401);
        given().when().get("/billing/v1/estimates?organization=00000000-0000-0000-0000-000000000001").then().statusCode(401)
                .body("type", equalTo("urn:gatehouse:problem:unauthenticated"));
    }

    @Test
    void a_wrong_bearer_token_is_401() {
        given().header("Authorization", "Bearer not-the-admin-token").when().get(READS[0]).then().statusCode(401);
    }

    @Test
    void the_bootstrap_admin_token_reads_usage() {
        given().header("Authorization", "Bearer test-admin-token").when().get(READS[0]).then().statusCode(200);
    }

    @Test
    void the_billing_service_token_reads_everything_but_never_closes_a_period() {
        String service = "Bearer test-billing-token-0123456789";
        for (String path : READS) {
            given().header("Authorization", service).when().get(path).then().statusCode(200);
        }
        given().header("Authorization", service).when()
                .get("/billing/v1/usage/totals?applicationId=00000000-0000-0000-0000-000000000001&from=2026-11-01T00:00:00Z")
                .then().statusCode(200);
        given().header("Authorization", service).when().get("/billing/v1/usage/top-applications").then().statusCode(200);
        // The estimate asks management for prices (none runs here): whatever it answers, the token is let in.
        int estimate = given().header("Authorization", service).when()
                .get("/billing/v1/estimates?organization=00000000-0000-0000-0000-000000000001").then().extract().statusCode();
        org.junit.jupiter.api.Assertions.assertTrue(estimate != 401 && estimate != 403, "estimate answered " + estimate);
        given().header("Authorization", service).contentType("application/json")
                .when().post("/billing/v1/periods/2026-10/close?organization=00000000-0000-0000-0000-000000000001")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:forbidden"));
    }

    @Test
    void a_token_that_only_resembles_the_billing_service_token_is_401() {
        given().header("Authorization", "Bearer test-billing-token-012345678").when().get(READS[0]).then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "auditor", roles = "auditor")
    void an_auditor_reads_but_cannot_close_a_period() {
        given().when().get(READS[2]).then().statusCode(200);
        given().contentType("application/json").when().post("/billing/v1/periods/2026-10/close")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:forbidden"));
    }

    @Test
    @TestSecurity(user = "partner", roles = "partner")
    void a_role_without_billing_rights_is_403() {
        for (String path : READS) {
            given().when().get(path).then().statusCode(403);
        }
    }
}
