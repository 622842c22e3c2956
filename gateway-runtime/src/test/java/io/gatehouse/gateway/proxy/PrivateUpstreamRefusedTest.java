package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.PrivateUpstreamWorld;
import io.gatehouse.gateway.support.PrivateUpstreamWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.gateway.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code gatehouse.upstreams.allow-private=false}, nothing is sent to an upstream on loopback: not a proxied
 * call, a composition part, a health check or a JWKS fetch. Each refusal is counted per client.
 */
@QuarkusTest
@TestProfile(PrivateUpstreamWorld.class)
class PrivateUpstreamRefusedTest {

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @Test
    void answers_502_upstream_forbidden_for_a_target_on_127_0_0_1_and_counts_it() {
        double before = forbidden("proxy");
        given().header("X-Api-Key", TestKeys.VALID).get("/literal/x").then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:upstream-forbidden"));
        assertTrue(forbidden("proxy") >= before + 1, "gatehouse_upstream_forbidden_total{client=proxy} counted it");
        assertEquals(0, PrivateUpstreamWorldResource.reached(), "the upstream received nothing");
    }

    @Test
    void refuses_a_host_name_that_resolves_to_loopback_after_resolution() {
        given().header("X-Api-Key", TestKeys.VALID).get("/named/x").then()
                .statusCode(502)
                .body("type", equalTo("urn:gatehouse:problem:upstream-forbidden"));
        assertEquals(0, PrivateUpstreamWorldResource.reached(), "the upstream received nothing");
    }

    @Test
    void marks_a_composition_part_on_loopback_as_forbidden() {
        given().header("X-Api-Key", TestKeys.VALID).get("/composed").then()
                .statusCode(502)
                .body("errors.a.type", equalTo("urn:gatehouse:problem:upstream-forbidden"));
        assertTrue(forbidden("compose") >= 1, "gatehouse_upstream_forbidden_total{client=compose} counted it");
        assertEquals(0, PrivateUpstreamWorldResource.reached(), "the upstream received nothing");
    }

    @Test
    void never_sends_a_health_check_to_a_target_on_loopback_and_counts_each_refusal() {
        double before = forbidden("health");
        // Checks run every 200 ms: two more refusals arrive within a few intervals.
        await(Duration.ofSeconds(10), "health checks refused by the address guard", () -> forbidden("health") >= before + 2);
        assertEquals(0, PrivateUpstreamWorldResource.reached(), "the upstream received nothing");
    }

    @Test
    void never_fetches_a_jwks_url_on_loopback_and_refuses_the_token_with_401_not_a_500() {
        double before = forbidden("jwks");
        String token = TestTokens.sign(TestTokens.rsa("k-private"), "checkout-client", c -> { });
        given().header("Authorization", "Bearer " + token).get("/tokened/x").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:invalid-token"));
        assertTrue(forbidden("jwks") >= before + 1, "gatehouse_upstream_forbidden_total{client=jwks} counted it");
        assertEquals(0, PrivateUpstreamWorldResource.reached(), "the upstream received nothing");
    }

    private static double forbidden(String client) {
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();
        Matcher m = Pattern.compile("gatehouse_upstream_forbidden_total\\{client=\"" + client + "\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
