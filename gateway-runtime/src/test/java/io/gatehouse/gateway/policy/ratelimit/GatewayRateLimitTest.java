package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3, acceptance 6: headers and bodies on 200 and on 429, through the real gateway and Redis. */
@QuarkusTest
@QuarkusTestResource(GatewayWorldResource.class)
@QuarkusTestResource(RedisNamespaceResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayRateLimitTest {

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @Test
    @Order(1)
    void admitted_requests_carry_the_ratelimit_headers_and_the_fourth_in_a_minute_is_429() {
        Response first = call("/limited/echo");
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals("\"minute\";q=3;w=60, \"month\";q=1000;w=" + monthSeconds(), first.header("RateLimit-Policy"));
        assertTrue(first.header("RateLimit").matches("\"minute\";r=2;t=\\d+, \"month\";r=999;t=\\d+"), first.header("RateLimit"));
        assertEquals("3", first.header("X-RateLimit-Limit"));
        assertEquals("2", first.header("X-RateLimit-Remaining"));
        assertTrue(Long.parseLong(first.header("X-RateLimit-Reset")) <= 60);

        assertEquals("1", call("/limited/echo").header("X-RateLimit-Remaining"));
        assertEquals("0", call("/limited/echo").header("X-RateLimit-Remaining"));

        Response denied = call("/limited/echo");
        assertEquals(429, denied.statusCode());
        assertTrue(denied.contentType().startsWith("application/problem+json"), denied.contentType());
        assertEquals("urn:gatehouse:problem:rate-limited", denied.jsonPath().getString("type"));
        long retryAfter = Long.parseLong(denied.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals("rate", denied.jsonPath().getString("limit.kind"));
        assertEquals("minute", denied.jsonPath().getString("limit.window"));
        assertEquals(3, denied.jsonPath().getInt("limit.max"));
        assertEquals(retryAfter, denied.jsonPath().getLong("retryAfterSeconds"));
        Instant resetsAt = Instant.parse(denied.jsonPath().getString("resetsAt"));
        assertTrue(resetsAt.isAfter(Instant.now()) && resetsAt.isBefore(Instant.now().plusSeconds(61)), resetsAt.toString());
        assertEquals("3", denied.header("X-RateLimit-Limit"));
        assertEquals("0", denied.header("X-RateLimit-Remaining"));
        assertNotNull(denied.header("RateLimit-Policy"));
        assertFalse(denied.asString().contains("Exception"));
    }

    @Test
    @Order(2)
    void a_used_up_quota_is_429_quota_exceeded_never_403() {
        assertEquals(200, call("/quota/echo").statusCode());
        Response second = call("/quota/echo");
        assertEquals(200, second.statusCode());
        assertEquals("\"day\";r=0;t=" + second.header("X-RateLimit-Reset"), second.header("RateLimit"));
        Response denied = call("/quota/echo");
        assertEquals(429, denied.statusCode(), denied.asString());
        assertEquals("urn:gatehouse:problem:quota-exceeded", denied.jsonPath().getString("type"));
        assertEquals("quota", denied.jsonPath().getString("limit.kind"));
        assertEquals("day", denied.jsonPath().getString("limit.window"));
        // A day quota in UTC resets at the next UTC midnight.
        Instant midnight = Instant.now().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant resetsAt = Instant.parse(denied.jsonPath().getString("resetsAt"));
        assertTrue(Math.abs(Duration.between(midnight, resetsAt).toSeconds()) <= 2, resetsAt + " vs " + midnight);
        long expected = Duration.between(Instant.now(), midnight).toSeconds();
        long retryAfter = Long.parseLong(denied.header("Retry-After"));
        assertTrue(Math.abs(retryAfter - expected) <= 2, "Retry-After " + retryAfter + " counts the seconds to the reset, ~" + expected);
    }

    @Test
    @Order(3)
    void a_plan_without_limits_sends_no_ratelimit_headers() {
        Response r = call("/demo/echo");
        assertEquals(200, r.statusCode());
        assertFalse(r.headers().hasHeaderWithName("RateLimit"));
        assertFalse(r.headers().hasHeaderWithName("X-RateLimit-Limit"));
    }

    @Test
    @Order(4)
    void limits_are_counted_in_the_metrics() {
        call("/quota/echo");
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();
        assertTrue(metrics.contains("gatehouse_ratelimit_decisions_total{degraded=\"false\",plan=\"p-quota\""), metrics);
    }

    private static Response call(String path) {
        return given().header("X-Api-Key", TestKeys.VALID).get(path);
    }

    private static long monthSeconds() {
        var now = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin"));
        var start = now.toLocalDate().withDayOfMonth(1).atStartOfDay(now.getZone());
        return Duration.between(start, start.plusMonths(1)).toSeconds();
    }
}
