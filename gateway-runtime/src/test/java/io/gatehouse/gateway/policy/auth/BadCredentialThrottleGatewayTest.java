package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the bad-credential budget on (20 a minute per address), the 21st bad key from one address is answered 429.
 *
 * <p>This class sits in {@code policy.auth} on purpose: Quarkus orders test classes by profile group, and a group that
 * sorts before the default one starts its app first, after which the default app's {@code HttpEdgeTest} finds h2c
 * (and HTTP/1.2) no longer refused (the {@code CleartextHttp2Switch} customizer seems not to apply on a restart).
 */
@QuarkusTest
@TestProfile(BadCredentialThrottleGatewayTest.BudgetOn.class)
class BadCredentialThrottleGatewayTest {

    public static class BudgetOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.gateway.bad-credentials.per-ip", "20",
                    "gatehouse.gateway.bad-credentials.window", "1m");
        }
    }

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    private static double throttledTotal() {
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();
        Matcher m = Pattern.compile("(?m)^gatehouse_bad_credentials_throttled_total(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        assertTrue(m.find(), "gatehouse_bad_credentials_throttled_total is exported");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void answers_the_21st_bad_key_from_an_address_with_429_and_retry_after_but_lets_a_valid_key_from_it_through() {
        // The chain (and with it the counter) is built on the first request.
        given().header("X-Api-Key", TestKeys.VALID).get("/demo/x").then().statusCode(200);
        double before = throttledTotal();
        for (int i = 1; i <= 20; i++) {
            given().header("X-Api-Key", "gh_WrongKey" + i).get("/demo/x").then().statusCode(401)
                    .body("type", org.hamcrest.Matchers.equalTo("urn:gatehouse:problem:invalid-credentials"));
        }

        Response throttled = given().header("X-Api-Key", "gh_WrongKey21").get("/demo/x");

        assertEquals(429, throttled.statusCode());
        assertTrue(throttled.contentType().startsWith("application/problem+json"), throttled.contentType());
        assertEquals("urn:gatehouse:problem:too-many-bad-credentials", throttled.jsonPath().getString("type"));
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);

        given().header("X-Api-Key", TestKeys.VALID).get("/demo/x").then().statusCode(200);
        given().header("X-Api-Key", TestKeys.REVOKED_BY_PUSH + "x").get("/demo/x").then().statusCode(429);
        assertEquals(before + 2, throttledTotal());
    }
}
