package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(GatewayWorldResource.class)
@QuarkusTestResource(RedisNamespaceResource.class)
class GatewayProxyTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    @ConfigProperty(name = "gatehouse.gateway.data-dir")
    String dataDir;

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    private static JsonPath echoed(Response response) {
        response.then().statusCode(200).body("upstream", equalTo("echo"));
        return response.jsonPath();
    }

    @Test
    void proxies_a_request_with_a_valid_key_and_returns_the_upstream_body() {
        Response response = given().header("X-Api-Key", TestKeys.VALID).get("/demo/echo?a=1&b=two");

        JsonPath echo = echoed(response);
        assertEquals("GET", echo.getString("method"));
        assertEquals("/base/echo?a=1&b=two", echo.getString("uri"));
        assertEquals("application/json", response.contentType());
    }

    @Test
    void keeps_the_prefix_when_the_route_does_not_strip_it() {
        assertEquals("/other/x", echoed(given().header("X-Api-Key", TestKeys.VALID).get("/other/x")).getString("uri"));
    }

    @Test
    void does_not_forward_the_api_key_upstream_in_either_header() {
        JsonPath viaHeader = echoed(given().header("X-Api-Key", TestKeys.VALID).get("/demo/x"));
        JsonPath viaAuthorization = echoed(given().header("Authorization", "ApiKey " + TestKeys.VALID).get("/demo/x"));

        assertFalse(viaHeader.getMap("headers").containsKey("x-api-key"));
        assertFalse(viaAuthorization.getMap("headers").containsKey("authorization"));
        assertFalse(viaAuthorization.getMap("headers").toString().contains(TestKeys.VALID));
    }

    @Test
    void sets_forwarded_headers_and_propagates_the_request_id() {
        Response response = given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "req-abc-123")
                .header("Connection", "keep-alive, X-Hop").header("X-Hop", "secret").get("/demo/x");

        JsonPath echo = echoed(response);
        assertEquals("127.0.0.1", echo.getString("headers.x-forwarded-for"));
        assertEquals("http", echo.getString("headers.x-forwarded-proto"));
        assertTrue(echo.getString("headers.x-forwarded-host").startsWith("localhost"));
        assertEquals("req-abc-123", echo.getString("headers.x-request-id"));
        assertFalse(echo.getMap("headers").containsKey("x-hop"));
        assertEquals("req-abc-123", response.header("X-Request-Id"));
    }

    @Test
    void generates_a_request_id_when_the_client_sends_none() {
        Response response = given().header("X-Api-Key", TestKeys.VALID).get("/demo/x");

        String sent = echoed(response).getString("headers.x-request-id");
        assertNotNull(sent);
        assertEquals(sent, response.header("X-Request-Id"));
    }

    @Test
    void rejects_a_request_without_a_key_with_401_missing_credentials() {
        given().get("/demo/x").then()
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", "ApiKey realm=\"gatehouse\"")
                .body("type", equalTo("urn:gatehouse:problem:missing-credentials"))
                .body("status", equalTo(401))
                .body("instance", equalTo("/demo/x"))
                .body("requestId", notNullValue());
    }

    @Test
    void rejects_an_unknown_key_with_401_invalid_credentials() {
        given().header("X-Api-Key", "gh_NotAKeyAnyoneWasEverGiven000000000000000").get("/demo/x").then()
                .statusCode(401)
                .header("WWW-Authenticate", "ApiKey realm=\"gatehouse\"")
                .body("type", equalTo("urn:gatehouse:problem:invalid-credentials"));
    }

    @Test
    void rejects_the_key_of_an_application_not_subscribed_to_this_api_with_403() {
        given().header("X-Api-Key", TestKeys.OTHER_APP).get("/demo/x").then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gatehouse:problem:not-subscribed"));
        echoed(given().header("X-Api-Key", TestKeys.OTHER_APP).get("/other/x"));
    }

    @Test
    void answers_404_for_an_unknown_route() {
        given().header("X-Api-Key", TestKeys.VALID).get("/nowhere/x").then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gatehouse:problem:route-not-found"))
                .body("title", notNullValue())
                .body("detail", notNullValue());
        given().get("/demox").then().statusCode(404);
    }

    @Test
    void answers_405_with_allow_when_the_route_matches_by_path_but_not_method() {
        given().header("X-Api-Key", TestKeys.VALID).delete("/readonly/x").then()
                .statusCode(405)
                .header("Allow", "GET")
                .body("type", equalTo("urn:gatehouse:problem:method-not-allowed"));
    }

    @Test
    void answers_502_when_the_upstream_refuses_connections() {
        given().header("X-Api-Key", TestKeys.VALID).get("/refused/x").then()
                .statusCode(502)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gatehouse:problem:upstream-unavailable"))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
    }

    @Test
    void answers_504_when_the_upstream_does_not_answer_within_the_response_timeout() {
        long start = System.nanoTime();

        given().header("X-Api-Key", TestKeys.VALID).get("/slow/x").then()
                .statusCode(504)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gatehouse:problem:upstream-timeout"));

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2_500, "answered after " + tookMs + " ms, the route allows 500 ms");
    }

    @Test
    void streams_a_chunked_post_body_of_unknown_length_to_the_upstream_intact() throws Exception {
        int size = 12 * 1024 * 1024 + 13;
        byte[] body = new byte[size];
        new Random(42).nextBytes(body);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/demo/upload"))
                .header("X-Api-Key", TestKeys.VALID)
                .header("Content-Type", "application/octet-stream")
                // An input stream has no known length, so this goes out chunked: nothing can buffer it by accident.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        JsonObject echo = new JsonObject(response.body());
        assertEquals("POST", echo.getString("method"));
        assertEquals(size, echo.getLong("bodyLength"));
        assertEquals(sha, echo.getString("bodySha256"));
    }

    @Test
    void forwards_a_large_post_body_of_known_length_intact() throws Exception {
        byte[] body = new byte[12 * 1024 * 1024];
        new Random(7).nextBytes(body);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/demo/upload"))
                .header("X-Api-Key", TestKeys.VALID)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(sha, new JsonObject(response.body()).getString("bodySha256"));
    }

    @Test
    void forwards_a_post_body_of_known_length_intact() throws Exception {
        byte[] body = "{\"order\":42,\"items\":[\"a\",\"b\"]}".getBytes();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));

        JsonPath echo = echoed(given().header("X-Api-Key", TestKeys.VALID).contentType("application/json")
                .body(body).post("/demo/orders"));

        assertEquals(body.length, echo.getLong("bodyLength"));
        assertEquals(sha, echo.getString("bodySha256"));
        assertEquals(String.valueOf(body.length), echo.getString("headers.content-length"));
    }

    @Test
    void reports_the_applied_version_as_ready() {
        given().get(ManagementInterface.url("/q/health/ready")).then()
                .statusCode(200)
                .body("checks.find { it.name == 'gateway-config' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'gateway-config' }.data.version", notNullValue());
    }

    @Test
    void reports_this_node_and_its_version_in_redis() {
        await(Duration.ofSeconds(10), "a node report", () ->
                redis.hash(String.class).hget(namespace + ":gateway:nodes", "test-gateway") != null);

        JsonObject report = new JsonObject(redis.hash(String.class).hget(namespace + ":gateway:nodes", "test-gateway"));
        assertEquals("test-gateway", report.getString("nodeId"));
        assertTrue(report.getLong("version") >= 1);
        assertNotNull(report.getString("appliedAt"));
        assertNotNull(report.getString("lastSeen"));
        assertNotNull(report.getString("startedAt"));
    }

    @Test
    void keeps_a_disk_copy_of_the_applied_snapshot() throws Exception {
        Path copy = Path.of(dataDir, "snapshot.json");

        assertTrue(Files.isRegularFile(copy));
        assertTrue(new JsonObject(Files.readString(copy)).getLong("version") >= 1);
        try (var files = Files.list(Path.of(dataDir))) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".tmp")).toList(),
                    "a fetched snapshot streamed to a file becomes the disk copy; no partial file is left");
        }
    }

    @Test
    void counts_requests_by_api_and_outcome_in_metrics() {
        given().header("X-Api-Key", TestKeys.VALID).get("/demo/x").then().statusCode(200);

        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();

        assertTrue(metrics.contains("gatehouse_gateway_requests_total"), "no request counter in /q/metrics");
        assertTrue(metrics.contains("outcome=\"proxied\""));
        assertFalse(metrics.contains(TestKeys.VALID));
    }
}
