package io.gatehouse.gateway.observe;

import io.gatehouse.gateway.accesslog.AccessLog;
import io.gatehouse.gateway.support.ObservedWorld;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With an exporter endpoint configured (so the SDK runs): a server span per request, and its trace continued upstream. */
@QuarkusTest
@TestProfile(TracingTest.Traced.class)
class TracingTest {

    public static class Traced extends ObservedWorld {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Configuring an endpoint is what switches the SDK on (TracingSwitch). Nothing listens there: the OTLP
            // exporter's failures do not matter, the in-memory exporter is what the test reads.
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9",
                    "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    @Inject
    InMemorySpanExporter exporter;

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    private List<SpanData> spansOf(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    @Test
    void a_proxied_request_makes_a_server_span_and_the_upstream_receives_a_traceparent_of_the_same_trace() {
        JsonPath echo = given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "traced-1").get("/echo/x")
                .then().statusCode(200).extract().jsonPath();

        String traceparent = echo.getString("headers.traceparent");
        assertNotNull(traceparent, "the upstream got no traceparent");
        String[] fields = traceparent.split("-");
        assertEquals(4, fields.length, traceparent);
        String traceId = fields[1];
        assertEquals("traced-1", echo.getMap("headers").get("x-request-id"), "the request id travels too");
        await(Duration.ofSeconds(10), "the server span of trace " + traceId,
                () -> spansOf(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
        await(Duration.ofSeconds(10), "the client span that called the upstream",
                () -> spansOf(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT
                        && s.getSpanId().equals(fields[2])));
    }

    @Test
    void the_access_log_line_carries_the_trace_id() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(AccessLog.CATEGORY);
        log.addHandler(capture);
        try {
            String traceparent = given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "traced-log")
                    .get("/echo/z").then().statusCode(200).extract().jsonPath().getString("headers.traceparent");

            await(Duration.ofSeconds(10), "the access log line", () -> lines.stream().anyMatch(l -> l.contains("traced-log")));
            JsonObject line = lines.stream().filter(l -> l.contains("traced-log")).map(JsonObject::new).findFirst().orElseThrow();
            assertEquals(traceparent.split("-")[1], line.getString("traceId"));
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void continues_the_clients_trace_when_it_sends_a_traceparent() {
        String clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        JsonPath echo = given().header("X-Api-Key", TestKeys.VALID)
                .header("traceparent", "00-" + clientTrace + "-00f067aa0ba902b7-01").get("/echo/y")
                .then().statusCode(200).extract().jsonPath();

        assertTrue(echo.getString("headers.traceparent").startsWith("00-" + clientTrace + "-"),
                echo.getString("headers.traceparent"));
    }

    @Test
    void every_part_of_a_composition_continues_the_requests_trace() {
        JsonPath json = given().header("X-Api-Key", TestKeys.VALID).get("/composed").then().statusCode(200)
                .extract().jsonPath();

        String a = json.getString("parts.a.headers.traceparent");
        String b = json.getString("parts.b.headers.traceparent");
        assertNotNull(a);
        assertNotNull(b);
        assertEquals(a.split("-")[1], b.split("-")[1], "both parts belong to one trace");
    }
}
