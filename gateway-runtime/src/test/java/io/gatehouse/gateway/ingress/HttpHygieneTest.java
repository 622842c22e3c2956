package io.gatehouse.gateway.ingress;

import io.gatehouse.gateway.support.RawHttp;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway as an HTTP intermediary: framing, paths, forwarding headers, size limits, transforms, CORS, address lists. */
@QuarkusTest
class HttpHygieneTest {

    private static final String KEY_HEADER = "X-Api-Key: " + TestKeys.VALID + "\r\n";

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    private static RawHttp.Answer raw(String request) throws Exception {
        return RawHttp.send(RestAssured.port, request);
    }

    private static JsonObject echo(RawHttp.Answer answer) {
        assertEquals(200, answer.status(), answer.head() + answer.body());
        return new JsonObject(answer.body());
    }

    @Test
    void upstream_never_sees_hop_by_hop_headers_a_spoofed_forwarded_for_or_the_api_key() throws Exception {
        RawHttp.Answer answer = raw("GET /demo/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic eDp5\r\n"
                + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: evil.example\r\nForwarded: for=6.6.6.6\r\n\r\n");

        JsonObject headers = echo(answer).getJsonObject("headers");
        for (String gone : new String[]{"x-hop", "keep-alive", "te", "proxy-authorization", "x-api-key"}) {
            assertFalse(headers.containsKey(gone), gone + " reached the upstream: " + headers);
        }
        assertFalse(headers.encode().contains(TestKeys.VALID));
        assertEquals("127.0.0.1", headers.getString("x-forwarded-for"));
        assertEquals("gw.test", headers.getString("x-forwarded-host"));
        assertEquals("for=127.0.0.1;host=gw.test;proto=http", headers.getString("forwarded"));
        assertEquals("1.1 gatehouse", headers.getString("via"));
        assertEquals("1.1 gatehouse", answer.header("Via"));
    }

    @Test
    void rejects_content_length_together_with_transfer_encoding_with_400_and_closes_the_connection() throws Exception {
        RawHttp.Answer answer = raw("POST /demo/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /demo/smuggled HTTP/1.1\r\nHost: gw.test\r\n\r\n");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.closed(), "the connection must be closed after ambiguous framing");
    }

    @Test
    void rejects_differing_content_lengths_with_400_and_closes_the_connection() throws Exception {
        RawHttp.Answer answer = raw("POST /demo/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.closed());
    }

    @Test
    void rejects_a_repeated_identical_content_length_with_400_and_closes_the_connection() throws Exception {
        RawHttp.Answer answer = raw("POST /demo/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.closed());
    }

    @Test
    void rejects_a_transfer_coding_other_than_chunked_with_400_and_closes_the_connection() throws Exception {
        RawHttp.Answer gzip = raw("POST /demo/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Transfer-Encoding: gzip\r\n\r\nabcd");
        RawHttp.Answer gzipChunked = raw("POST /demo/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");

        assertEquals(400, gzip.status(), gzip.head());
        assertTrue(gzip.closed());
        assertEquals(400, gzipChunked.status(), gzipChunked.head());
        assertTrue(gzipChunked.closed());
    }

    @Test
    void resolves_dot_segments_before_routing_so_a_prefix_cannot_be_escaped_into_another_upstream_path() throws Exception {
        JsonObject literal = echo(raw("GET /demo/../other/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER + "\r\n"));
        JsonObject encoded = echo(raw("GET /demo/%2e%2e/other/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER + "\r\n"));
        RawHttp.Answer outside = raw("GET /demo/../../admin HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER + "\r\n");

        assertEquals("/other/x", literal.getString("uri"), "routed by the resolved path, as /other");
        assertEquals("/other/x", encoded.getString("uri"));
        assertEquals(404, outside.status());
    }

    @Test
    void rejects_encoded_slashes_backslashes_double_encoding_overlong_utf8_control_characters_and_dot_parameters_in_the_path_with_400() throws Exception {
        for (String path : new String[]{"/demo/..%2fadmin", "/demo/..%5Cadmin",
                "/demo/%252e%252e/admin", "/demo/%25%32%65%25%32%65/admin", "/demo/%252f", "/demo/%2500", "/demo/..;/admin",
                "/demo/%c0%ae%c0%ae/admin", "/demo/%0d%0aX-Injected:%201"}) {
            RawHttp.Answer answer = raw("GET " + path + " HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER + "\r\n");

            assertEquals(400, answer.status(), path + " → " + answer.head());
            assertTrue(answer.body().contains("invalid-path"), path + " → " + answer.body());
        }
    }

    @Test
    void answers_413_from_the_declared_length_without_waiting_for_the_body_or_contacting_the_upstream() throws Exception {
        long start = System.nanoTime();

        // The body is never sent: only an answer made from the head can arrive.
        RawHttp.Answer answer = raw("POST /hygiene/upload HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Content-Length: 2048\r\n\r\n");

        assertEquals(413, answer.status(), answer.head());
        assertTrue(answer.body().contains("request-too-large"));
        assertTrue(answer.closed());
        assertTrue(System.nanoTime() - start < 3_000_000_000L);
    }

    @Test
    void answers_413_to_a_chunked_body_that_grows_past_the_route_limit() throws Exception {
        StringBuilder request = new StringBuilder("POST /hygiene/upload HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 8; i++) {
            request.append("200\r\n").append("x".repeat(512)).append("\r\n");
        }
        request.append("0\r\n\r\n");

        RawHttp.Answer answer = raw(request.toString());

        assertEquals(413, answer.status(), answer.head());
        assertTrue(answer.body().contains("request-too-large"));
    }

    @Test
    void forwards_a_body_within_the_route_limit() {
        Response response = given().header("X-Api-Key", TestKeys.VALID).body("x".repeat(1000)).post("/hygiene/upload");

        response.then().statusCode(200);
        assertEquals(1000, new JsonObject(response.asString()).getLong("bodyLength"));
    }

    @Test
    void answers_431_to_a_request_head_larger_than_the_server_accepts() throws Exception {
        RawHttp.Answer answer = raw("GET /demo/x HTTP/1.1\r\nHost: gw.test\r\n" + KEY_HEADER
                + "X-Big: " + "a".repeat(40 * 1024) + "\r\n\r\n");

        assertEquals(431, answer.status(), answer.head());
    }

    @Test
    void answers_502_when_the_upstream_sends_a_response_head_larger_than_the_gateway_accepts() {
        given().header("X-Api-Key", TestKeys.VALID).get("/noisy/x").then()
                .statusCode(502).body("type", equalTo("urn:gatehouse:problem:upstream-unavailable"));
    }

    @Test
    void applies_the_route_header_transforms_in_both_directions() {
        Response response = given().header("X-Api-Key", TestKeys.VALID).header("X-Internal", "1").get("/hygiene/x");

        response.then().statusCode(200);
        JsonObject headers = new JsonObject(response.asString()).getJsonObject("headers");
        assertEquals("gatehouse", headers.getString("x-gateway"));
        assertFalse(headers.containsKey("x-internal"));
        assertEquals("gatehouse", response.header("X-Served-By"));
        assertNull(response.header("Content-Type"));
    }

    @Test
    void answers_a_cors_preflight_at_the_gateway_without_a_key() {
        given().header("Origin", TestSnapshots.APP_ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-api-key")
                .options("/hygiene/orders").then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", TestSnapshots.APP_ORIGIN)
                .header("Access-Control-Allow-Methods", "GET, POST")
                .header("Access-Control-Max-Age", "600");
    }

    @Test
    void refuses_a_cors_preflight_from_an_origin_the_api_does_not_allow() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/hygiene/orders").then()
                .statusCode(403).body("type", equalTo("urn:gatehouse:problem:cors-rejected"));
    }

    @Test
    void puts_cors_headers_on_actual_responses_and_on_denials_for_an_allowed_origin() {
        given().header("Origin", TestSnapshots.APP_ORIGIN).header("X-Api-Key", TestKeys.VALID).get("/hygiene/x").then()
                .statusCode(200).header("Access-Control-Allow-Origin", TestSnapshots.APP_ORIGIN);
        given().header("Origin", TestSnapshots.APP_ORIGIN).get("/hygiene/x").then()
                .statusCode(401).header("Access-Control-Allow-Origin", TestSnapshots.APP_ORIGIN);
    }

    @Test
    void denies_a_client_outside_the_api_address_list_with_403_ip_denied_before_checking_the_key() {
        given().header("X-Api-Key", TestKeys.VALID).get("/guarded/x").then()
                .statusCode(403).body("type", equalTo("urn:gatehouse:problem:ip-denied"));
        given().get("/guarded/x").then().statusCode(403);
    }

    @Test
    void ignores_a_spoofed_forwarded_for_when_deciding_the_client_address() {
        given().header("X-Api-Key", TestKeys.VALID).header("X-Forwarded-For", "198.51.100.1").get("/guarded/x").then()
                .statusCode(403);
    }
}
