package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.AdminApi;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class KeysAndSnapshotTest {

    @Inject
    DataSource db;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    @Test
    void shows_the_full_key_once_and_then_only_prefix_and_last_four() {
        AdminApi.World w = AdminApi.World.create();
        var issued = admin().body(Map.of("name", "ci")).post("/admin/v1/applications/" + w.appId() + "/keys").then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("key", matchesPattern("gh_[0-9A-Za-z]{40}"))
                .extract();
        String key = issued.path("key");
        admin().get("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].prefix", equalTo(key.substring(0, 10)))
                .body("[0].lastFour", equalTo(key.substring(key.length() - 4)))
                .body("[0].key", nullValue())
                .body("[0].keyHash", nullValue());
        String body = admin().get("/admin/v1/applications/" + w.appId() + "/keys").asString();
        assertFalse(body.contains(key), "a listing must never contain the key");
    }

    @Test
    void stores_no_plaintext_key_anywhere_in_the_keys_table() throws SQLException {
        AdminApi.World w = AdminApi.World.create();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                    .extract().path("key"));
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT t::text FROM api_keys t")) {
            int seen = 0;
            while (rows.next()) {
                String row = rows.getString(1);
                seen++;
                for (String key : keys) {
                    assertFalse(row.contains(key), "a keys row holds a plaintext key: " + row);
                    assertFalse(row.contains(key.substring(10, 36)), "a keys row holds the key's secret part");
                }
            }
            assertTrue(seen >= 3);
        }
    }

    @Test
    void finds_keys_by_prefix() {
        AdminApi.World w = AdminApi.World.create();
        String key = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201).extract().path("key");
        admin().queryParam("prefix", key.substring(0, 10)).get("/admin/v1/keys").then().statusCode(200)
                .body("applicationId", hasItem(w.appId()));
        admin().queryParam("prefix", "gh").get("/admin/v1/keys").then().statusCode(400);
    }

    @Test
    void the_snapshot_holds_the_key_hash_until_the_key_is_revoked() {
        AdminApi.World w = AdminApi.World.create();
        var issued = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201).extract();
        String keyId = issued.path("details.id");
        String key = issued.path("key");

        var snapshot = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract();
        long version = snapshot.jsonPath().getLong("version");
        assertEquals("\"" + version + "\"", snapshot.header("ETag"));
        assertTrue(snapshot.contentType().startsWith("application/json"), snapshot.contentType());
        assertEquals(snapshot.asByteArray().length, Long.parseLong(snapshot.header("Content-Length")));
        for (String collection : List.of("apis", "plans", "applications", "subscriptions", "keys")) {
            List<String> ids = snapshot.jsonPath().getList(collection + ".id");
            assertEquals(ids.stream().sorted().toList(), ids, collection + " come sorted by id (streamed digest order)");
        }
        assertFalse(snapshot.asString().contains(key), "the snapshot carries hashes, never keys");
        assertEquals(1, snapshot.jsonPath().getList("keys.findAll { it.id == '" + keyId + "' }").size());
        assertEquals(64, snapshot.jsonPath().getString("keys.find { it.id == '" + keyId + "' }.hash").length());
        assertEquals(1, snapshot.jsonPath().getList("subscriptions.findAll { it.applicationId == '" + w.appId() + "' }").size());
        assertEquals(w.routePath(), snapshot.jsonPath().getString("apis.find { it.id == '" + w.apiId() + "' }.routes[0].pathPrefix"));

        admin().body(Map.of("reason", "leaked")).post("/admin/v1/keys/" + keyId + "/revoke").then().statusCode(200)
                .body("status", equalTo("revoked")).body("revokedReason", equalTo("leaked"));

        var after = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract();
        assertTrue(after.jsonPath().getLong("version") > version);
        assertTrue(after.jsonPath().getList("keys.findAll { it.id == '" + keyId + "' }").isEmpty());
    }

    @Test
    void a_revocation_writes_the_key_its_version_and_its_audit_entry_together_and_a_second_one_writes_nothing()
            throws SQLException {
        AdminApi.World w = AdminApi.World.create();
        String keyId = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                .extract().path("details.id");
        long before = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract()
                .jsonPath().getLong("version");

        String revokedAt = admin().body(Map.of("reason", "leaked")).post("/admin/v1/keys/" + keyId + "/revoke").then()
                .statusCode(200).body("status", equalTo("revoked")).body("revokedReason", equalTo("leaked"))
                .extract().path("revokedAt");
        // Revoked again, and once without a body: the answer is the stored key, and nothing more is written.
        admin().body(Map.of("reason", "again")).post("/admin/v1/keys/" + keyId + "/revoke").then().statusCode(200)
                .body("status", equalTo("revoked")).body("revokedReason", equalTo("leaked"))
                .body("revokedAt", equalTo(revokedAt));
        admin().post("/admin/v1/keys/" + keyId + "/revoke").then().statusCode(200).body("revokedAt", equalTo(revokedAt));

        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            ResultSet key = st.executeQuery("SELECT status, revoked_reason, revoked_at IS NOT NULL FROM api_keys WHERE id = '"
                    + keyId + "'");
            assertTrue(key.next());
            assertEquals("revoked", key.getString(1));
            assertEquals("leaked", key.getString(2));
            assertTrue(key.getBoolean(3));
            ResultSet versions = st.executeQuery("SELECT count(*), min(version) FROM config_changes WHERE kind = 'key' "
                    + "AND entity_id = '" + keyId + "' AND version > " + before);
            assertTrue(versions.next());
            assertEquals(1, versions.getInt(1), "one config version for the revocation, none for the repeats");
            ResultSet audit = st.executeQuery("SELECT actor_type, before_state ->> 'status', after_state ->> 'status', "
                    + "after_state ->> 'revokedReason' FROM audit_log WHERE action = 'key.revoked' AND entity_id = '"
                    + keyId + "'");
            assertTrue(audit.next(), "the revocation is audited");
            assertEquals("admin", audit.getString(1));
            assertEquals("active", audit.getString(2));
            assertEquals("revoked", audit.getString(3));
            assertEquals("leaked", audit.getString(4));
            assertFalse(audit.next(), "the repeats are not audited");
        }
        admin().queryParam("entityId", keyId).get("/admin/v1/audit").then().statusCode(200)
                .body("items.action", hasItem("key.revoked"));
    }

    @Test
    void a_suspended_organization_disappears_from_the_snapshot() {
        AdminApi.World w = AdminApi.World.create();
        admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201);
        admin().body(Map.of("status", "suspended")).patch("/admin/v1/organizations/" + w.orgId()).then().statusCode(200);
        gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200)
                .body("keys.applicationId", not(hasItem(w.appId())))
                .body("applications.id", not(hasItem(w.appId())))
                .body("subscriptions.applicationId", not(hasItem(w.appId())));
    }

    @Test
    void a_draft_api_is_not_in_the_snapshot() {
        String api = create("/admin/v1/apis", Map.of("name", AdminApi.unique("Draft"), "routePath", "/" + AdminApi.unique("d"),
                "upstreamUrl", "http://127.0.0.1:9"));
        gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).body("apis.id", not(hasItem(api)));
    }

    @Test
    void answers_304_when_the_gateway_has_the_current_version() {
        String etag = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract().header("ETag");
        gateway().header("If-None-Match", etag).get("/internal/v1/gateway/snapshot").then().statusCode(304);
    }

    @Test
    void the_snapshot_needs_the_gateway_token() {
        given().get("/internal/v1/gateway/snapshot").then().statusCode(401);
        admin().get("/internal/v1/gateway/snapshot").then().statusCode(403);
    }

    @Test
    void announces_each_committed_change_on_the_config_channel() throws InterruptedException {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        var subscriber = redis.pubsub(String.class).subscribe(namespace + ":config:changed", heard::add);
        try {
            Thread.sleep(200);
            AdminApi.World w = AdminApi.World.create();
            long version = gateway().get("/internal/v1/gateway/version").then().statusCode(200)
                    .extract().jsonPath().getLong("version");
            String last = null;
            for (String v; (v = heard.poll(2, TimeUnit.SECONDS)) != null; ) {
                last = v;
                if (Long.parseLong(v) == version) {
                    break;
                }
            }
            assertNotNull(last, "no version was announced for " + w);
            assertEquals(version, Long.parseLong(last));
        } finally {
            subscriber.unsubscribe();
        }
    }

    @Test
    void a_revocation_is_announced_with_its_version_and_the_revoked_key() throws InterruptedException {
        AdminApi.World w = AdminApi.World.create();
        String keyId = admin().post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201)
                .extract().path("details.id");
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        var subscriber = redis.pubsub(String.class).subscribe(namespace + ":config:changed", heard::add);
        try {
            Thread.sleep(200);
            admin().post("/admin/v1/keys/" + keyId + "/revoke").then().statusCode(200);
            long version = gateway().get("/internal/v1/gateway/version").then().extract().jsonPath().getLong("version");

            String message = heard.poll(5, TimeUnit.SECONDS);
            assertNotNull(message, "the revocation was not announced");
            io.vertx.core.json.JsonObject announced = new io.vertx.core.json.JsonObject(message);
            assertEquals(version, announced.getLong("version"));
            assertEquals(List.of(keyId), announced.getJsonArray("revokedKeys").getList());
            // That version's snapshot is the one before it without the key: what a gateway applying the message holds.
            gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200)
                    .body("version", equalTo((int) version)).body("keys.id", not(hasItem(keyId)));
        } finally {
            subscriber.unsubscribe();
        }
    }

    @Test
    void lists_the_gateway_nodes_and_the_version_each_applied() {
        long version = gateway().get("/internal/v1/gateway/version").then().extract().jsonPath().getLong("version");
        String report = "{\"nodeId\":\"gw-test\",\"version\":" + version + ",\"appliedAt\":\"2026-11-24T10:00:00Z\","
                + "\"lastSeen\":\"" + java.time.Instant.now() + "\",\"startedAt\":\"2026-11-24T09:00:00Z\"}";
        redis.hash(String.class).hset(namespace + ":gateway:nodes", "gw-test", report);
        admin().get("/admin/v1/gateways").then().statusCode(200)
                .body("nodes.find { it.nodeId == 'gw-test' }.version", equalTo((int) version))
                .body("nodes.find { it.nodeId == 'gw-test' }.stale", equalTo(false));
    }

    private static io.restassured.specification.RequestSpecification gateway() {
        return given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN);
    }
}
