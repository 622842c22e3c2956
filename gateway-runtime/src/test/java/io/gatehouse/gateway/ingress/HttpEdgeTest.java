package io.gatehouse.gateway.ingress;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.RawHttp;
import io.gatehouse.gateway.support.RawUpstream;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's HTTP/1 edge against a hostile client and a misbehaving upstream, over raw sockets on both sides:
 * the upstream ({@link RawUpstream}) counts every request head it receives, so "never forwarded" is measured.
 */
@QuarkusTest
class HttpEdgeTest {

    private static final String KEY = "X-Api-Key: " + TestKeys.VALID + "\r\n";
    /** Long enough for a forwarded request to reach the upstream on this machine, many times over. */
    private static final long SETTLE_MS = 700;

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    private static RawUpstream upstream() {
        return GatewayWorldResource.raw();
    }

    private static RawHttp.Answer raw(String request) throws Exception {
        return RawHttp.send(RestAssured.port, request);
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: gw.test\r\n" + KEY + "\r\n";
    }

    /** Everything the gateway sends until it closes the connection (the test fails if it never does). */
    private static String untilClosed(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void forwards_a_request_pipelined_behind_a_good_one_so_the_upstream_count_is_a_real_measure() throws Exception {
        RawHttp.Answer answer = raw(get("/edge/first-good") + get("/edge/pipelined-behind-good"));

        assertEquals(200, answer.status(), answer.head());
        await(Duration.ofSeconds(3), "the pipelined request to arrive",
                () -> upstream().receivedContaining("pipelined-behind-good") == 1);
    }

    @Test
    void never_reads_or_forwards_a_request_pipelined_behind_a_400_or_413_and_closes_the_connection() throws Exception {
        String chunkedBody = "200\r\n" + "x".repeat(512) + "\r\n" + "200\r\n" + "x".repeat(512) + "\r\n"
                + "200\r\n" + "x".repeat(512) + "\r\n0\r\n\r\n";
        Map<String, String[]> cases = Map.of(
                "duplicate-te", new String[]{"400", "POST /edge/a HTTP/1.1\r\nHost: gw.test\r\n" + KEY
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
                "gzip-chunked", new String[]{"400", "POST /edge/a HTTP/1.1\r\nHost: gw.test\r\n" + KEY
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"},
                "declared-413", new String[]{"413", "POST /edge/a HTTP/1.1\r\nHost: gw.test\r\n" + KEY
                        + "Content-Length: 2000\r\n\r\n" + "x".repeat(2000)},
                "chunked-413", new String[]{"413", "POST /edge/a HTTP/1.1\r\nHost: gw.test\r\n" + KEY
                        + "Transfer-Encoding: chunked\r\n\r\n" + chunkedBody});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String marker = "pipelined-after-" + c.getKey();

            RawHttp.Answer answer = raw(c.getValue()[1] + get("/edge/" + marker) + get("/edge/" + marker + "-2"));

            assertEquals(Integer.parseInt(c.getValue()[0]), answer.status(), c.getKey() + ": " + answer.head());
            assertTrue(answer.closed(), c.getKey() + ": the connection must be closed after the error answer");
            Thread.sleep(SETTLE_MS);
            assertEquals(0, upstream().receivedContaining(marker), c.getKey() + ": " + upstream().received());
        }
    }

    @Test
    void answers_400_to_a_malformed_chunked_body_before_contacting_the_upstream() throws Exception {
        Map<String, String> bodies = Map.of(
                "overflow", "ffffffffffffffff1\r\nabc\r\n0\r\n\r\n",
                "negative", "-1\r\nabc\r\n0\r\n\r\n",
                "bare-lf-size", "3\nabc\r\n0\r\n\r\n",
                "bare-lf-after-data", "3\r\nabc\n0\r\n\r\n",
                "not-hex", "zz\r\nabc\r\n0\r\n\r\n");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            String marker = "chunk-" + body.getKey();

            RawHttp.Answer answer = raw("POST /edge/" + marker + " HTTP/1.1\r\nHost: gw.test\r\n" + KEY
                    + "Transfer-Encoding: chunked\r\n\r\n" + body.getValue());

            assertEquals(400, answer.status(), marker + ": " + answer.head());
            assertTrue(answer.body().contains("invalid-framing"), marker + ": " + answer.body());
            assertTrue(answer.closed(), marker);
            Thread.sleep(SETTLE_MS);
            assertEquals(0, upstream().receivedContaining(marker), marker + ": " + upstream().received());
        }
    }

    @Test
    void answers_400_to_a_duplicate_host_and_forwards_nothing() throws Exception {
        RawHttp.Answer answer = raw("GET /edge/two-hosts HTTP/1.1\r\nHost: gw.test\r\nHost: evil.example\r\n" + KEY + "\r\n");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.body().contains("urn:gatehouse:problem:invalid-host"), answer.body());
        assertTrue(answer.closed());
        Thread.sleep(SETTLE_MS);
        assertEquals(0, upstream().receivedContaining("two-hosts"));
    }

    @Test
    void refuses_a_version_other_than_1_0_and_1_1_with_501_before_the_gateway_and_closes() throws Exception {
        // Vert.x answers these itself, before any handler the gateway can install (see README, HTTP correctness).
        for (String version : new String[]{"HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/3.0"}) {
            String marker = "version-" + version.substring(5).replace('.', '-');

            RawHttp.Answer answer = raw("GET /edge/" + marker + " " + version + "\r\nHost: gw.test\r\n" + KEY + "\r\n");

            assertEquals(501, answer.status(), version + ": " + answer.head());
            assertTrue(answer.closed(), version);
            Thread.sleep(SETTLE_MS);
            assertEquals(0, upstream().receivedContaining(marker));
        }
    }

    @Test
    void refuses_h2c_prior_knowledge_with_bad_header_names_without_a_500_and_closes() throws Exception {
        // The preface, an empty SETTINGS frame, and a HEADERS frame whose literal header name has a control character.
        byte[] name = "x\u0001bad".getBytes(StandardCharsets.ISO_8859_1);
        byte[] value = "v".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(new byte[]{(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 0x07});
        block.write("gw.test".getBytes(StandardCharsets.ISO_8859_1));
        block.write(0x00);
        block.write(name.length);
        block.write(name);
        block.write(value.length);
        block.write(value);
        byte[] headers = block.toByteArray();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        bytes.write(new byte[]{0, 0, 0, 0x04, 0, 0, 0, 0, 0});
        bytes.write(new byte[]{0, 0, (byte) headers.length, 0x01, 0x05, 0, 0, 0, 1});
        bytes.write(headers);

        RawHttp.Answer answer = RawHttp.send(RestAssured.port, bytes.toByteArray());

        // h2c is off: the preface is read as an HTTP/1 request line naming HTTP/2.0, refused and closed.
        assertEquals(501, answer.status(), answer.head());
        assertTrue(answer.closed());
    }

    @Test
    void answers_400_and_closes_a_request_line_without_a_version() throws Exception {
        RawHttp.Answer answer = raw("GET /edge/no-version\r\n\r\n");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.closed());
        assertEquals(0, upstream().receivedContaining("no-version"));
    }

    @Test
    void drops_a_102_from_the_upstream_and_forwards_the_final_answer() throws Exception {
        String all = untilClosed("GET /edge/processing HTTP/1.1\r\nHost: gw.test\r\n" + KEY + "Connection: close\r\n\r\n");

        assertTrue(all.startsWith("HTTP/1.1 200"), all);
        assertFalse(all.contains(" 102 "), all);
        assertTrue(all.endsWith("final"), all);
    }

    @Test
    void forwards_103_early_hints_as_an_interim_answer_and_then_the_final_one() throws Exception {
        String all = untilClosed("GET /edge/hints HTTP/1.1\r\nHost: gw.test\r\n" + KEY + "Connection: close\r\n\r\n");

        assertTrue(all.startsWith("HTTP/1.1 103 Early Hints\r\n"), all);
        assertTrue(all.toLowerCase().contains("link: </style.css>; rel=preload"), all);
        int fin = all.indexOf("HTTP/1.1 200");
        assertTrue(fin > 0, all);
        assertTrue(all.endsWith("final"), all);
    }

    @Test
    void never_reuses_an_upstream_connection_that_sent_more_than_its_content_length() throws Exception {
        for (int i = 0; i < 3; i++) {
            RawHttp.Answer surplus = raw(get("/edge/surplus"));
            // A POST with a body is never retried, so a poisoned connection would show as a 502.
            RawHttp.Answer next = raw("POST /edge/after-surplus-" + i + " HTTP/1.1\r\nHost: gw.test\r\n" + KEY
                    + "Content-Length: 4\r\n\r\nbody");

            assertEquals(200, surplus.status(), surplus.head());
            assertEquals("ok", surplus.body());
            assertEquals(200, next.status(), next.head() + next.body());
            assertEquals("/after-surplus-" + i, next.body());
        }
    }
}
