package io.gatehouse.gateway.accesslog;

import io.gatehouse.gateway.support.ObservedWorld;
import io.gatehouse.gateway.support.ObservedWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access log, captured by a JUL handler on its category. */
@QuarkusTest
@TestProfile(ObservedWorld.class)
class AccessLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture_the_access_log() {
        TestSnapshots.awaitLoaded();
        Logger.getLogger(AccessLog.CATEGORY).addHandler(capture);
    }

    @AfterEach
    void stop_capturing() {
        Logger.getLogger(AccessLog.CATEGORY).removeHandler(capture);
    }

    private JsonObject lineOf(String requestId) {
        await(Duration.ofSeconds(10), "the access log line of " + requestId,
                () -> lines.stream().anyMatch(l -> l.contains("\"requestId\":\"" + requestId + "\"")));
        return lines.stream().filter(l -> l.contains("\"requestId\":\"" + requestId + "\"")).map(JsonObject::new)
                .findFirst().orElseThrow();
    }

    @Test
    void writes_one_json_line_per_served_request_with_its_parties_latencies_and_sizes() {
        given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "log-served").body("hello")
                .post("/echo/x?token=s3cr3t").then().statusCode(200);

        JsonObject line = lineOf("log-served");

        assertEquals("POST", line.getString("method"));
        assertEquals("/echo/x", line.getString("path"), "the path without its query");
        assertEquals(ObservedWorldResource.ECHO_API, line.getString("api"));
        assertEquals("r-echo", line.getString("route"));
        assertEquals(TestSnapshots.CHECKOUT_APP, line.getString("applicationId"));
        assertEquals(200, line.getInteger("status"));
        assertEquals("served", line.getString("outcome"));
        assertNotNull(line.getLong("upstreamMs"));
        assertTrue(line.getLong("totalMs") >= line.getLong("upstreamMs"));
        assertEquals(5, line.getLong("requestBytes"));
        assertTrue(line.getLong("responseBytes") > 0);
        assertEquals("127.0.0.1", line.getString("clientIp"));
        assertNotNull(line.getString("time"));
        assertEquals(1, lines.stream().filter(l -> l.contains("log-served")).count(), "exactly one line");
    }

    @Test
    void names_the_policy_that_denied_a_request() {
        given().header("X-Request-Id", "log-no-key").get("/echo/x").then().statusCode(401);
        given().header("X-Api-Key", "gh_not_a_key_at_all").header("X-Request-Id", "log-bad-key").get("/echo/x")
                .then().statusCode(401);
        given().header("X-Request-Id", "log-no-route").get("/nowhere").then().statusCode(404);

        JsonObject noKey = lineOf("log-no-key");
        assertEquals("denied:api-key", noKey.getString("outcome"));
        assertEquals("missing-credentials", noKey.getString("problem"));
        assertEquals(401, noKey.getInteger("status"));
        assertEquals("denied:api-key", lineOf("log-bad-key").getString("outcome"));
        assertEquals("denied:route", lineOf("log-no-route").getString("outcome"));
    }

    @Test
    void writes_no_line_for_an_api_whose_access_log_is_off_while_another_api_still_gets_its_own() {
        given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "log-quiet").get("/quiet/x")
                .then().statusCode(200);
        given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "log-loud").get("/echo/x")
                .then().statusCode(200);

        // One writer thread drains the lines in order: once the later request's line is out, the earlier one's would be.
        assertEquals(ObservedWorldResource.ECHO_API, lineOf("log-loud").getString("api"));
        assertFalse(lines.stream().anyMatch(l -> l.contains("log-quiet")), "a line of the quiet API: " + lines);
        assertFalse(lines.stream().anyMatch(l -> l.contains(ObservedWorldResource.QUIET_API)), lines.toString());
    }

    @Test
    void never_writes_the_key_the_authorization_header_or_a_query_value() {
        given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "log-secret-1").get("/echo/a?api_key=q5ecret")
                .then().statusCode(200);
        given().header("Authorization", "ApiKey " + TestKeys.VALID).header("X-Request-Id", "log-secret-2")
                .get("/echo/b").then().statusCode(200);
        given().header("X-Api-Key", TestKeys.VALID).header("Authorization", "Bearer tok3n-value")
                .header("X-Request-Id", "log-secret-3").get("/echo/c").then().statusCode(200);

        lineOf("log-secret-1");
        lineOf("log-secret-2");
        lineOf("log-secret-3");
        for (String line : lines) {
            assertFalse(line.contains(TestKeys.VALID), "the key is in: " + line);
            assertFalse(line.contains(TestKeys.hash(TestKeys.VALID)), "the key's hash is in: " + line);
            assertFalse(line.contains("q5ecret"), "a query value is in: " + line);
            assertFalse(line.contains("tok3n-value"), "an Authorization value is in: " + line);
        }
    }
}
