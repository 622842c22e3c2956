package io.gatehouse.management.cachepurge;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /admin/v1/apis/{id}/cache/purge}: validation, ownership, the audit entry, the generation and the message. */
@QuarkusTest
class CachePurgeTest {

    private static final String ADMIN_TOKEN = "test-admin-token";

    @Inject
    RedisDataSource redis;

    @Inject
    PurgeChannel channel;

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private PubSubCommands.RedisSubscriber subscriber;

    @BeforeEach
    void listen_like_a_gateway() {
        subscriber = redis.pubsub(String.class).subscribe(channel.channel(), messages::add);
    }

    @AfterEach
    void stop_listening() {
        subscriber.unsubscribe();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String api(String owner) {
        return admin().body(Map.of("name", unique("Cached"), "routePath", "/" + unique("pc"),
                        "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published", "ownerSubject", owner))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }

    private static JsonPath apiView(String api) {
        return admin().get("/admin/v1/apis/" + api).then().statusCode(200).extract().jsonPath();
    }

    private long generation(String api, String field) {
        String value = redis.hash(String.class).hget(channel.generationsKey(api), field);
        return value == null ? 0 : Long.parseLong(value);
    }

    private JsonObject nextMessage() throws InterruptedException {
        String m = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no purge message was published on " + channel.channel());
        return new JsonObject(m);
    }

    @Test
    void purging_a_whole_api_answers_202_increments_its_generation_announces_it_and_is_audited() throws Exception {
        String api = api("someone");

        Response r = admin().body("{}").post("/admin/v1/apis/" + api + "/cache/purge");

        r.then().statusCode(202);
        assertEquals("api", r.jsonPath().getString("scope"));
        assertEquals(api, r.jsonPath().getString("apiId"));
        assertNotNull(r.jsonPath().getString("purgeId"));
        assertNull(r.jsonPath().getString("routeId"));
        assertEquals(1, generation(api, "api"));
        JsonObject message = nextMessage();
        assertEquals(api, message.getString("apiId"));
        assertEquals(r.jsonPath().getString("purgeId"), message.getString("purgeId"));
        assertNull(message.getString("routeId"));
        assertNull(message.getString("url"));
        admin().queryParam("entityType", "api").queryParam("entityId", api).get("/admin/v1/audit")
                .then().statusCode(200).body("items.action", hasItem("api.cache-purged"))
                .body("items.find { it.action == 'api.cache-purged' }.after.purgeId", org.hamcrest.Matchers.equalTo(
                        r.jsonPath().getString("purgeId")));
    }

    @Test
    void an_empty_body_purges_the_whole_api_too() throws Exception {
        String api = api("someone");

        admin().post("/admin/v1/apis/" + api + "/cache/purge").then().statusCode(202);

        assertEquals(1, generation(api, "api"));
        assertEquals(api, nextMessage().getString("apiId"));
    }

    @Test
    void purging_a_route_increments_the_route_generation_only() throws Exception {
        String api = api("someone");
        String route = apiView(api).getString("routes[0].id");
        long configBefore = given().header("Authorization", "Bearer test-gateway-token-0123456789")
                .get("/internal/v1/gateway/version").then().extract().jsonPath().getLong("version");

        admin().body(Map.of("routeId", route)).post("/admin/v1/apis/" + api + "/cache/purge")
                .then().statusCode(202).body("scope", org.hamcrest.Matchers.equalTo("route"))
                .body("routeId", org.hamcrest.Matchers.equalTo(route));

        assertEquals(1, generation(api, "r:" + route));
        assertEquals(0, generation(api, "api"));
        assertEquals(route, nextMessage().getString("routeId"));
        long configAfter = given().header("Authorization", "Bearer test-gateway-token-0123456789")
                .get("/internal/v1/gateway/version").then().extract().jsonPath().getLong("version");
        assertEquals(configBefore, configAfter, "a purge is not a config change");
    }

    @Test
    void purging_a_url_increments_the_generation_of_its_path_and_sorted_query() throws Exception {
        String api = api("someone");
        String prefix = apiView(api).getString("routes[0].pathPrefix");
        String url = prefix + "/items/7?b=2&a=1";

        admin().body(Map.of("url", url)).post("/admin/v1/apis/" + api + "/cache/purge")
                .then().statusCode(202).body("scope", org.hamcrest.Matchers.equalTo("url"))
                .body("url", org.hamcrest.Matchers.equalTo(url));

        // The contract gateways rely on (docs/cache-purge.md): u: + SHA-256 of the path and the sorted query.
        assertEquals(1, generation(api, "u:" + sha256(prefix + "/items/7?a=1&b=2")));
        assertEquals(url, nextMessage().getString("url"));
    }

    @Test
    void refuses_what_it_cannot_purge_naming_the_field() {
        String api = api("someone");
        String other = api("someone");
        String route = apiView(api).getString("routes[0].id");
        String otherRoute = apiView(other).getString("routes[0].id");
        String prefix = apiView(api).getString("routes[0].pathPrefix");

        for (Object[] c : List.of(
                new Object[]{Map.of("routeId", route, "url", prefix + "/x"), "url"},
                new Object[]{Map.of("routeId", otherRoute), "routeId"},
                new Object[]{Map.of("url", "no-slash"), "url"},
                new Object[]{Map.of("url", "/elsewhere/x"), "url"},
                new Object[]{Map.of("url", prefix + "/../admin"), "url"},
                new Object[]{Map.of("url", prefix + "/a b"), "url"},
                new Object[]{Map.of("url", prefix + "/" + "x".repeat(2100)), "url"})) {
            Response r = admin().body(c[0]).post("/admin/v1/apis/" + api + "/cache/purge");
            assertEquals(400, r.statusCode(), c[0] + ": " + r.asString());
            assertEquals("urn:gatehouse:problem:validation-failed", r.jsonPath().getString("type"));
            assertTrue(r.jsonPath().getList("errors.field").stream().anyMatch(f -> String.valueOf(f).endsWith((String) c[1])),
                    c[0] + ": " + r.asString());
        }
        admin().body(Map.of("routeId", "not-a-uuid")).post("/admin/v1/apis/" + api + "/cache/purge").then().statusCode(400);
        admin().body("{}").post("/admin/v1/apis/" + UUID.randomUUID() + "/cache/purge").then().statusCode(404)
                .body("type", org.hamcrest.Matchers.equalTo("urn:gatehouse:problem:not-found"));
        assertEquals(0, generation(api, "api"));
        assertEquals(0, generation(api, "r:" + route));
        assertTrue(messages.isEmpty(), "nothing was announced: " + messages);
    }

    @Test
    void an_api_owner_purges_only_their_own_apis_and_read_only_roles_never() {
        String own = api("purge-owner-1");
        String foreign = api("someone-else");
        String owner = OidcWiremockTestResource.generateJwtToken("olga", Set.of("api-owner"), "purge-owner-1", "Bearer");
        String auditor = OidcWiremockTestResource.generateJwtToken("aude", Set.of("auditor"), "auditor-1", "Bearer");

        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + owner).body("{}")
                .post("/admin/v1/apis/" + own + "/cache/purge").then().statusCode(202);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + owner).body("{}")
                .post("/admin/v1/apis/" + foreign + "/cache/purge").then().statusCode(403);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + auditor).body("{}")
                .post("/admin/v1/apis/" + own + "/cache/purge").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}").post("/admin/v1/apis/" + own + "/cache/purge").then().statusCode(401);
        assertEquals(0, generation(foreign, "api"));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
