package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.RedisProxyResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3, acceptance 5, through the real gateway: Redis taken away mid-test (through a proxy the
 * test cuts; the machine's Redis keeps running), then given back.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayWorldResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisProxyResource.class, restrictToAnnotatedClass = true)
class GatewayRedisOutageTest {

    /** The %test budget is the default 50 ms; allow for a loaded machine on top. */
    private static final long MAX_WAIT_MS = 50 + 450;

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @AfterEach
    void redis_is_back() {
        RedisProxyResource.proxy().restore();
    }

    @Test
    void fail_closed_answers_503_and_fail_open_serves_within_its_local_cap_until_redis_returns() {
        assertEquals(200, call("/strict/echo").statusCode());

        RedisProxyResource.proxy().cut();

        Response closed = timed("/strict/echo");
        assertEquals(503, closed.statusCode(), closed.asString());
        assertTrue(closed.contentType().startsWith("application/problem+json"));
        assertEquals("urn:gatehouse:problem:rate-limit-unavailable", closed.jsonPath().getString("type"));
        assertEquals("1", closed.header("Retry-After"));
        assertFalse(closed.asString().contains("Exception"));

        // /limited allows 3 a minute and fails open: this node serves 3 on its own count, then 429.
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 5; i++) {
            int status = timed("/limited/echo").statusCode();
            ok += status == 200 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
        }
        assertEquals(3, ok, "the local cap of a fail-open plan");
        assertEquals(2, limited);

        RedisProxyResource.proxy().restore();
        await(Duration.ofSeconds(10), "enforcement through Redis to resume", () -> call("/strict/echo").statusCode() == 200);
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();
        assertTrue(metrics.contains("gatehouse_ratelimit_decisions_total{degraded=\"true\",plan=\"p-strict\",result=\"unavailable\"}"));
        assertTrue(metrics.contains("gatehouse_ratelimit_store_errors_total"));
    }

    @Test
    void a_hanging_redis_delays_no_request_past_the_timeout_budget() {
        assertEquals(200, call("/strict/echo").statusCode());
        RedisProxyResource.proxy().stall();
        for (int i = 0; i < 3; i++) {
            int status = timed("/strict/echo").statusCode();
            assertTrue(status == 503 || status == 200, "status " + status);
        }
    }

    private static Response timed(String path) {
        long start = System.nanoTime();
        Response r = call(path);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < MAX_WAIT_MS, path + " waited " + ms + " ms");
        return r;
    }

    private static Response call(String path) {
        return given().header("X-Api-Key", TestKeys.VALID).get(path);
    }
}
