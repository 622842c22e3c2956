package io.gatehouse.billing.security;

import io.gatehouse.testing.RealPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The identity provider does not answer (its URL is a closed local port): a bearer that is not ours is a 503 problem, never a 500. */
@QuarkusTest
@TestProfile(IdentityProviderDownTest.IdentityProviderDown.class)
@QuarkusTestResource(value = RealPostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "gatehouse_billing_idp_down_test"))
class IdentityProviderDownTest {

    private static final String READ = "/billing/v1/reports/usage?period=2026-11";

    /** OIDC on, pointing at a port that was open a moment ago and is closed now. */
    public static class IdentityProviderDown implements QuarkusTestProfile {
        static final String URL = "http://127.0.0.1:" + closedPort() + "/realms/gatehouse";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true", "%test.quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", URL, "%test.quarkus.oidc.auth-server-url", URL);
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void a_bearer_token_that_cannot_be_checked_is_a_503_idp_unavailable_problem() {
        given().header("Authorization", "Bearer not-a-token-anyone-issued").when().get(READ).then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("30"))
                .body("type", equalTo("urn:gatehouse:problem:idp-unavailable"))
                .body("status", equalTo(503))
                .body("detail", containsString(IdentityProviderDown.URL))
                .body("instance", equalTo("/billing/v1/reports/usage"));
    }

    @Test
    void a_request_without_a_token_is_still_401() {
        given().when().get(READ).then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:unauthenticated"));
    }

    @Test
    void the_bootstrap_admin_token_works_without_the_identity_provider() {
        given().header("Authorization", "Bearer test-admin-token").when().get(READ).then().statusCode(200);
    }
}
