package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.AdminApi;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet view forgets departed nodes, and a revocation can wait for the nodes' acknowledgement. The nodes here are
 * report entries written the way gateways write them (the e2e suite runs real gateways).
 */
@QuarkusTest
class GatewayFleetTest {

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    @BeforeEach
    void noNodes() {
        redis.key().del(nodesKey());
    }

    @Test
    void a_node_silent_for_longer_than_the_departure_time_leaves_the_list_and_can_be_purged() {
        report("gw-present", 1, Instant.now());
        report("gw-stale", 1, Instant.now().minus(Duration.ofMinutes(2)));
        report("gw-departed", 1, Instant.now().minus(Duration.ofMinutes(11)));

        admin().get("/admin/v1/gateways").then().statusCode(200)
                .body("nodes.nodeId", equalTo(List.of("gw-present", "gw-stale")))
                .body("nodes.find { it.nodeId == 'gw-stale' }.stale", equalTo(true))
                .body("departed", equalTo(1));
        admin().get("/admin/v1/gateways?state=departed").then().statusCode(200)
                .body("nodes.nodeId", equalTo(List.of("gw-departed")));

        admin().delete("/admin/v1/gateways/gw-stale").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:gatehouse:problem:conflict"));
        admin().delete("/admin/v1/gateways/gw-nobody").then().statusCode(404)
                .contentType("application/problem+json");
        admin().delete("/admin/v1/gateways/departed").then().statusCode(200)
                .body("purged", equalTo(List.of("gw-departed")));

        assertFalse(redis.hash(String.class).hexists(nodesKey(), "gw-departed"));
        assertTrue(redis.hash(String.class).hexists(nodesKey(), "gw-stale"));
        admin().get("/admin/v1/gateways?state=departed").then().statusCode(200).body("nodes", equalTo(List.of()));
        admin().get("/admin/v1/gateways?state=gone").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:gatehouse:problem:validation-failed"));
    }

    @Test
    void only_a_platform_admin_purges_and_the_purge_is_audited() {
        report("gw-old", 1, Instant.now().minus(Duration.ofHours(1)));
        given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN).delete("/admin/v1/gateways/gw-old")
                .then().statusCode(403);

        admin().delete("/admin/v1/gateways/gw-old").then().statusCode(200);

        String audit = admin().queryParam("entityType", "gateway").get("/admin/v1/audit").then().statusCode(200)
                .body("items.action", hasItem("gateway.purged")).extract().asString();
        assertTrue(audit.contains("gw-old"), audit);
    }

    @Test
    void a_revocation_with_wait_returns_as_soon_as_every_live_node_applied_it() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String keyId = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                .extract().path("details.id");
        // Two nodes that apply every announced version at once, as gateways do, and one long departed that must not count.
        report("gw-departed", 0, Instant.now().minus(Duration.ofHours(1)));
        // The message handler runs on an event loop, where the blocking client must not wait: the nodes report from a thread.
        var nodes = java.util.concurrent.Executors.newSingleThreadExecutor();
        var applying = redis.pubsub(String.class).subscribe(namespace + ":config:changed", message -> nodes.execute(() -> {
            long version = message.startsWith("{") ? new io.vertx.core.json.JsonObject(message).getLong("version")
                    : Long.parseLong(message);
            report("gw-a", version, Instant.now());
            report("gw-b", version, Instant.now());
        }));
        try {
            long before = currentVersion();
            report("gw-a", before, Instant.now());
            report("gw-b", before, Instant.now());
            Thread.sleep(200); // the subscription is in place

            ExtractableResponse<Response> revoked = admin().body(Map.of("reason", "leaked"))
                    .post("/admin/v1/keys/" + keyId + "/revoke?wait=5s").then().statusCode(200)
                    .body("status", equalTo("revoked"))
                    .body("propagation.complete", equalTo(true))
                    .body("propagation.applied", equalTo(List.of("gw-a", "gw-b")))
                    .body("propagation.pending", equalTo(List.of()))
                    .extract();

            assertTrue(revoked.jsonPath().getLong("propagation.version") > before);
            assertTrue(revoked.jsonPath().getLong("propagation.waitedMs") < 5_000,
                    "it must not wait for the deadline when every node applied the change");
        } finally {
            applying.unsubscribe();
            nodes.shutdownNow();
        }
    }

    @Test
    void a_revocation_with_wait_names_a_node_that_did_not_apply_it_and_returns_at_the_deadline() {
        AdminApi.World w = AdminApi.World.create();
        String keyId = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                .extract().path("details.id");
        long version = currentVersion();
        report("gw-hung", version, Instant.now()); // reported a moment ago, then stopped (e.g. SIGSTOP)

        ExtractableResponse<Response> revoked = admin().post("/admin/v1/keys/" + keyId + "/revoke?wait=1500ms")
                .then().statusCode(200)
                .body("status", equalTo("revoked"))
                .body("propagation.complete", equalTo(false))
                .body("propagation.applied", equalTo(List.of()))
                .body("propagation.pending", equalTo(List.of("gw-hung")))
                .extract();

        assertTrue(revoked.jsonPath().getLong("propagation.waitedMs") >= 1_500, "it waits for the whole deadline");
    }

    @Test
    void a_revocation_without_wait_answers_as_before_and_a_bad_wait_changes_nothing() {
        AdminApi.World w = AdminApi.World.create();
        String keyId = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                .extract().path("details.id");

        for (String bad : List.of("soon", "-1s", "31s", "PT1H")) {
            admin().post("/admin/v1/keys/" + keyId + "/revoke?wait=" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo("urn:gatehouse:problem:validation-failed"));
        }
        admin().get("/admin/v1/keys/" + keyId).then().body("status", equalTo("active"));

        String body = admin().post("/admin/v1/keys/" + keyId + "/revoke").then().statusCode(200)
                .body("status", equalTo("revoked")).extract().asString();
        assertFalse(body.contains("propagation"), body);
    }

    private long currentVersion() {
        return given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN).get("/internal/v1/gateway/version")
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }

    private void report(String node, long version, Instant lastSeen) {
        redis.hash(String.class).hset(nodesKey(), node, "{\"nodeId\":\"" + node + "\",\"version\":" + version
                + ",\"appliedAt\":\"" + lastSeen + "\",\"lastSeen\":\"" + lastSeen
                + "\",\"startedAt\":\"2026-11-24T09:00:00Z\"}");
    }

    private String nodesKey() {
        return namespace + ":gateway:nodes";
    }
}
