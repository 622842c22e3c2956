package io.gatehouse.management.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The identity provider does not answer (its URL is a closed local port): pages and problems say so, never a bare 500. */
@QuarkusTest
@TestProfile(IdentityProviderDownTest.IdentityProviderDown.class)
class IdentityProviderDownTest {

    /** Both OIDC tenants point at a port that was open a moment ago and is closed now. */
    public static class IdentityProviderDown implements QuarkusTestProfile {
        static final String URL = "http://127.0.0.1:" + closedPort() + "/realms/gatehouse";

        @Override
        public Map<String, String> getConfigOverrides() {
            // The %test values win over plain keys, so both are set.
            return Map.of("quarkus.oidc.auth-server-url", URL, "%test.quarkus.oidc.auth-server-url", URL,
                    "quarkus.oidc.console.auth-server-url", URL, "%test.quarkus.oidc.console.auth-server-url", URL);
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
    void the_console_says_sign_in_is_unavailable_and_what_to_do() {
        assertSignInUnavailablePage("/console");
    }

    @Test
    void a_console_sub_page_says_the_same() {
        assertSignInUnavailablePage("/console/apis");
        assertSignInUnavailablePage("/console/apis/00000000-0000-0000-0000-000000000000/gateway");
    }

    @Test
    void the_page_keeps_its_stylesheet() {
        given().get("/console/assets/console.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void a_bearer_token_that_cannot_be_checked_is_a_503_idp_unavailable_problem() {
        given().header("Authorization", "Bearer not-a-token-anyone-issued").get("/admin/v1/apis").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:idp-unavailable"))
                .body("status", equalTo(503))
                .body("detail", containsString(IdentityProviderDown.URL))
                .body("instance", equalTo("/admin/v1/apis"));
    }

    @Test
    void a_request_without_a_token_is_still_401() {
        given().get("/admin/v1/apis").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:unauthenticated"));
    }

    @Test
    void the_bootstrap_admin_token_works_without_the_identity_provider() {
        given().header("Authorization", "Bearer test-admin-token").get("/admin/v1/apis").then().statusCode(200);
    }

    private static void assertSignInUnavailablePage(String path) {
        Response page = given().redirects().follow(false).accept("text/html").get(path);
        assertEquals(503, page.statusCode(), path);
        assertEquals("no-store", page.header("Cache-Control"), path);
        assertTrue(page.contentType().startsWith("text/html"), path + ": " + page.contentType());
        String html = page.asString();
        assertTrue(html.contains("Sign-in is unavailable"), html);
        assertTrue(html.contains("The identity provider at " + IdentityProviderDown.URL + " does not answer"), html);
        assertTrue(html.contains("./gatehouse up") && html.contains("GATEHOUSE_OIDC_URL"), html);
        assertFalse(html.contains("Error id"), html);
        assertFalse(html.contains("Exception"), html);
    }
}
