package io.gatehouse.testing.fuzz;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzer's three rules fail a run against a real HTTP server (the JDK's) that breaks them on purpose: a 5xx, an
 * answer that breaks its documented schema, and a 2xx to a request the schema forbids. A server that refuses every
 * request with a proper problem breaks none of them, so the rules do not fail every run either.
 */
class OpenApiFuzzerJudgesTest {

    static {
        // The JDK server writes the head and the body apart; without TCP_NODELAY each answer waits ~40 ms for an ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final FuzzSettings SHORT = new FuzzSettings(20_261_207L, 200, Duration.ofSeconds(60));
    private final ApiDocument document = ApiDocument.parse(OpenApiFuzzerTest.DOCUMENT);
    private HttpServer server;

    @AfterEach
    void stop_the_server() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void a_server_that_answers_500_fails_the_run_with_the_5xx_rule() throws IOException {
        FuzzReport report = fuzz(500, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}");
        assertEquals(Set.of("5xx"), rules(report));
        assertEquals(report.sent(), report.failures().size(), "every request failed the run");
        assertThrows(AssertionError.class, report::assertClean);
    }

    @Test
    void a_server_whose_answer_breaks_the_documented_schema_fails_the_run() throws IOException {
        FuzzReport report = fuzz(200, "application/json", "{\"name\":645}");
        assertTrue(rules(report).contains("response breaks its schema"), report.summary());
        AssertionError error = assertThrows(AssertionError.class, report::assertClean);
        assertTrue(error.getMessage().contains("response breaks its schema"), error.getMessage());
    }

    @Test
    void a_server_that_accepts_what_the_schema_forbids_fails_the_run() throws IOException {
        FuzzReport report = fuzz(200, "application/json", "{\"name\":\"thing\",\"kind\":\"a\"}");
        assertEquals(Set.of("forbidden request accepted"), rules(report), report.summary());
        AssertionError error = assertThrows(AssertionError.class, report::assertClean);
        assertTrue(error.getMessage().contains("forbidden request accepted"), error.getMessage());
    }

    @Test
    void a_server_that_refuses_everything_with_a_problem_passes() throws IOException {
        FuzzReport report = fuzz(400, "application/problem+json",
                "{\"type\":\"urn:test:problem:bad-input\",\"title\":\"Bad input\",\"status\":400}");
        assertEquals(SHORT.tries(), report.sent(), "the whole run was sent");
        assertDoesNotThrow(report::assertClean);
    }

    @Test
    void a_problem_whose_status_differs_from_the_answer_breaks_the_schema_rule() throws IOException {
        FuzzReport report = fuzz(400, "application/problem+json",
                "{\"type\":\"urn:test:problem:bad-input\",\"title\":\"Bad input\",\"status\":422}");
        assertEquals(Set.of("response breaks its schema"), rules(report), report.summary());
    }

    /** Runs the fuzzer against a server that answers every request with {@code status}, {@code type} and {@code body}. */
    private FuzzReport fuzz(int status, String type, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return OpenApiFuzzer.of(document)
                .baseUri(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .run(SHORT);
    }

    private static Set<String> rules(FuzzReport report) {
        return report.failures().stream().map(FuzzReport.Failure::rule).collect(Collectors.toSet());
    }
}
