package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.support.IssuerDouble;
import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.gateway.support.TestTokens;
import io.gatehouse.gateway.usage.RedisStreamSender;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.gatehouse.gateway.support.TestSnapshots.CHECKOUT_CLIENT;
import static io.gatehouse.gateway.support.TestSnapshots.REPORTING_CLIENT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 4, acceptance 7: bearer tokens from a test issuer whose JWKS is served in-process, through the real gateway. */
@QuarkusTest
@QuarkusTestResource(GatewayWorldResource.class)
@QuarkusTestResource(RedisNamespaceResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtGatewayTest {

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    static final String INVALID_TOKEN = "urn:gatehouse:problem:invalid-token";

    static PublicJsonWebKey rsa;
    static PublicJsonWebKey ec;

    @BeforeAll
    static void the_issuer_publishes_its_keys() {
        rsa = TestTokens.rsa("k1");
        ec = TestTokens.ec("k-ec");
        publish(TestTokens.jwks(rsa, ec));
    }

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @Test
    @Order(1)
    void a_token_signed_by_the_issuer_passes_with_rs256_and_es256() {
        Response rs = bearer("/jwt/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> { }));
        assertEquals(200, rs.statusCode(), rs.asString());
        assertEquals("/echo", rs.jsonPath().getString("uri"));
        Response es = bearer("/jwt/echo", TestTokens.sign(ec, REPORTING_CLIENT, c -> { }));
        assertEquals(200, es.statusCode(), es.asString());
    }

    @Test
    @Order(2)
    void a_request_without_a_token_is_401_with_a_bare_bearer_challenge() {
        Response none = given().get("/jwt/echo");
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"gatehouse\"", none.header("WWW-Authenticate"));
        assertProblem(none, "urn:gatehouse:problem:missing-token");
        Response keyOnly = given().header("X-Api-Key", TestKeys.VALID).get("/jwt/echo");
        assertEquals(401, keyOnly.statusCode(), "an API that takes tokens only refuses a key");
        assertEquals("Bearer realm=\"gatehouse\"", keyOnly.header("WWW-Authenticate"));
    }

    @Test
    @Order(3)
    void a_token_signed_by_another_key_is_401_invalid_token() {
        PublicJsonWebKey impostor = TestTokens.rsa("k1");
        assertInvalid(bearer("/jwt/echo", TestTokens.sign(impostor, CHECKOUT_CLIENT, c -> { })), "signature");
    }

    @Test
    @Order(4)
    void a_token_for_another_audience_or_issuer_is_401_invalid_token() {
        assertInvalid(bearer("/jwt/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT,
                c -> c.setAudience("someone-else"))), "audience");
        assertInvalid(bearer("/jwt/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT,
                c -> c.setIssuer("https://evil.example"))), "issuer");
    }

    @Test
    @Order(5)
    void an_expired_or_not_yet_valid_token_is_401_invalid_token_beyond_the_clock_skew() {
        long now = Instant.now().getEpochSecond();
        assertInvalid(bearer("/jwt/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT,
                c -> c.setExpirationTime(NumericDate.fromSeconds(now - 120)))), "expired");
        assertInvalid(bearer("/jwt/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT,
                c -> c.setNotBefore(NumericDate.fromSeconds(now + 120)))), "not valid yet");
        Response withinSkew = bearer("/jwt/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT,
                c -> c.setExpirationTime(NumericDate.fromSeconds(now - 5))));
        assertEquals(200, withinSkew.statusCode(), "5 s past exp is within the default 30 s skew");
    }

    @Test
    @Order(6)
    void unsigned_and_hmac_tokens_are_refused_even_with_the_public_key_as_secret() {
        assertInvalid(bearer("/jwt/echo", TestTokens.unsigned(TestTokens.claims(CHECKOUT_CLIENT))), "algorithm");
        assertInvalid(bearer("/jwt/echo", TestTokens.hmacWithPublicKey(rsa, TestTokens.claims(CHECKOUT_CLIENT))),
                "algorithm");
        assertInvalid(bearer("/jwt/echo", "not.a.jwt"), "well-formed");
    }

    @Test
    @Order(7)
    void a_token_of_an_unknown_client_is_401_and_the_claim_is_configurable() {
        assertInvalid(bearer("/jwt/echo", TestTokens.sign(rsa, "stranger", c -> { })), "client");
        // /jwtclient reads client_id, so a token carrying only azp names no client there.
        assertInvalid(bearer("/jwtclient/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> { })), "client_id");
        Response ok = bearer("/jwtclient/echo", TestTokens.sign(rsa, "ignored", c -> c.setClaim("client_id", CHECKOUT_CLIENT)));
        assertEquals(200, ok.statusCode(), ok.asString());
    }

    @Test
    @Order(8)
    void a_route_that_requires_a_scope_is_403_insufficient_scope_without_it() {
        Response denied = bearer("/jwt/orders/1", TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> c.setClaim("scope", "orders:read")));
        assertEquals(403, denied.statusCode(), denied.asString());
        assertProblem(denied, "urn:gatehouse:problem:insufficient-scope");
        String challenge = denied.header("WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer realm=\"gatehouse\", error=\"insufficient_scope\""), challenge);
        assertTrue(challenge.contains("scope=\"orders:write\""), challenge);

        assertEquals(200, bearer("/jwt/orders/1", TestTokens.sign(rsa, CHECKOUT_CLIENT,
                c -> c.setClaim("scope", "orders:read orders:write"))).statusCode(), "scope as a space-separated string");
        assertEquals(200, bearer("/jwt/orders/1", TestTokens.sign(rsa, CHECKOUT_CLIENT,
                c -> c.setStringListClaim("scp", List.of("orders:write")))).statusCode(), "scp as an array");
        assertEquals(200, bearer("/jwt/other", TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> { })).statusCode(),
                "the API's other route requires nothing");
    }

    @Test
    @Order(9)
    void limits_apply_to_the_application_named_in_the_token() {
        String checkout = TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> { });
        for (int i = 1; i <= 3; i++) {
            Response r = bearer("/jwtlimited/echo", checkout);
            assertEquals(200, r.statusCode(), "request " + i + ": " + r.asString());
            assertEquals("3", r.header("X-RateLimit-Limit"), "the plan of the token's application applies");
        }
        Response fourth = bearer("/jwtlimited/echo", checkout);
        assertEquals(429, fourth.statusCode(), fourth.asString());
        assertProblem(fourth, "urn:gatehouse:problem:rate-limited");
        // A fresh token of the same client counts against the same application.
        assertEquals(429, bearer("/jwtlimited/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> c.setJwtId("another")))
                .statusCode());
        Response reporting = bearer("/jwtlimited/echo", TestTokens.sign(ec, REPORTING_CLIENT, c -> { }));
        assertEquals(200, reporting.statusCode(), "another application has its own budget: " + reporting.asString());
    }

    @Test
    @Order(10)
    void an_api_that_takes_both_accepts_whichever_credential_is_present() {
        assertEquals(200, given().header("X-Api-Key", TestKeys.VALID).get("/both/echo").statusCode());
        assertEquals(200, bearer("/both/echo", TestTokens.sign(rsa, REPORTING_CLIENT, c -> { })).statusCode());
        Response none = given().get("/both/echo");
        assertEquals(401, none.statusCode());
        assertProblem(none, "urn:gatehouse:problem:missing-credentials");
        assertEquals("ApiKey realm=\"gatehouse\", Bearer realm=\"gatehouse\"", none.header("WWW-Authenticate"));
        assertInvalid(bearer("/both/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> c.setAudience("x"))), "audience");
        Response wrongKey = given().header("X-Api-Key", "gh_NoSuchKey000000000000000000000000000000").get("/both/echo");
        assertEquals(401, wrongKey.statusCode());
        assertProblem(wrongKey, "urn:gatehouse:problem:invalid-credentials");
    }

    @Test
    @Order(11)
    void a_key_rotation_at_the_issuer_is_picked_up_on_the_first_unknown_kid() {
        PublicJsonWebKey rotated = TestTokens.rsa("k2");
        publish(TestTokens.jwks(rotated, ec));
        String token = TestTokens.sign(rotated, CHECKOUT_CLIENT, c -> { });
        // The refresh is throttled (1 s in tests) after the last fetch, so the first try may come too early.
        await(Duration.ofSeconds(20), "a token of the new key to pass",
                () -> bearer("/jwt/echo", token).statusCode() == 200);
        int fetches = fetches();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, bearer("/jwt/echo", token).statusCode());
        }
        assertEquals(fetches, fetches(), "known keys are served from memory");
        // The retired key no longer verifies once the issuer stopped publishing it.
        assertInvalid(bearer("/jwt/echo", TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> { })), "key");
    }

    @Test
    @Order(12)
    void an_unknown_kid_flood_refetches_at_most_once_per_interval() {
        String token = TestTokens.sign(TestTokens.rsa("k-unpublished"), CHECKOUT_CLIENT, c -> { });
        int before = fetches();
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            assertInvalid(bearer("/jwt/echo", token), "key");
        }
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        int made = fetches() - before;
        // The test profile allows one refresh per second: at most one per started second of the loop.
        assertTrue(made <= seconds + 1, "30 unknown-kid tokens in " + seconds + " s made " + made + " JWKS fetches");
    }

    @Test
    @Order(13)
    void an_issuer_whose_keys_cannot_be_fetched_gives_401_invalid_token_never_a_hang_or_500() {
        String token = TestTokens.sign(rsa, CHECKOUT_CLIENT, c -> { });
        long start = System.nanoTime();
        assertInvalid(bearer("/deadjwks/echo", token), "could not be fetched");
        assertInvalid(bearer("/stalljwks/echo", token), "could not be fetched");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "answered after " + took);
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();
        assertTrue(metrics.contains("gatehouse_jwt_jwks_fetches_total{result=\"error\"}"), metrics);
        assertTrue(metrics.contains("gatehouse_jwt_requests_total{result=\"keys-unavailable\"}"), metrics);
    }

    @Test
    @Order(14)
    void the_usage_event_of_a_token_request_names_the_application_and_no_key() {
        Response r = bearer("/jwt/usage", TestTokens.sign(ec, REPORTING_CLIENT, c -> { }));
        assertEquals(200, r.statusCode(), r.asString());
        await(Duration.ofSeconds(20), "the event of the token request", () -> tokenEvent() != null);
        JsonObject event = tokenEvent();
        assertEquals(TestSnapshots.REPORTING_APP, event.getString("app"));
        assertEquals("o-1", event.getString("org"));
        assertEquals("s-reporting-" + TestSnapshots.JWT_API, event.getString("sub"));
        assertEquals("p-1", event.getString("plan"));
        assertNull(event.getValue("key"));
        assertEquals("", event.getString("prefix"));
        assertEquals("forwarded", event.getString("outcome"));
    }

    /** A usage event of a 200 on {@code /jwt} made with a token of the reporting application, or null. */
    private JsonObject tokenEvent() {
        for (StreamMessage<String, String, String> entry : redis.stream(String.class)
                .xrange(RedisStreamSender.streamKey(namespace), StreamRange.of("-", "+"))) {
            for (Object e : new JsonArray(entry.payload().get("events"))) {
                JsonObject event = (JsonObject) e;
                if ("r-jwt".equals(event.getString("route")) && event.getInteger("status") == 200
                        && TestSnapshots.REPORTING_APP.equals(event.getString("app"))) {
                    return event;
                }
            }
        }
        return null;
    }

    private static Response bearer(String path, String token) {
        return given().header("Authorization", "Bearer " + token).get(path);
    }

    private static void assertInvalid(Response response, String descriptionPart) {
        assertEquals(401, response.statusCode(), response.asString());
        assertProblem(response, INVALID_TOKEN);
        String challenge = response.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer realm=\"gatehouse\", error=\"invalid_token\", "
                + "error_description=\""), challenge);
        assertTrue(challenge.contains(descriptionPart), challenge + " should mention " + descriptionPart);
    }

    private static void assertProblem(Response response, String type) {
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals(type, response.jsonPath().getString("type"), response.asString());
    }

    private static String issuerUrl() {
        return ConfigProvider.getConfig().getValue("test.issuer-url", String.class);
    }

    private static void publish(String jwks) {
        given().baseUri(issuerUrl()).body(jwks).put(IssuerDouble.CONTROL_JWKS).then().statusCode(204);
    }

    private static int fetches() {
        return Integer.parseInt(given().baseUri(issuerUrl()).get(IssuerDouble.CONTROL_FETCHES).asString());
    }
}
