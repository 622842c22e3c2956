package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.configdigest.ConfigDigest;
import io.gatehouse.management.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 1: config changes travel as deltas. The property every test here checks: the snapshot at version N
 * with the delta after N applied is exactly the snapshot at the current version, compared by the config digest.
 */
@QuarkusTest
class ConfigDeltaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource db;

    @ConfigProperty(name = "gatehouse.gateway-config.change-log-size")
    int logSize;

    @Test
    void a_snapshot_with_the_delta_applied_equals_the_current_snapshot_after_every_kind_of_change() throws Exception {
        AdminApi.World kept = AdminApi.World.create();
        AdminApi.World suspended = AdminApi.World.create();
        AdminApi.World retired = AdminApi.World.create();
        String revokedKey = issueKey(kept.appId());
        String keyOfSuspendedOrg = issueKey(suspended.appId());
        JsonNode before = snapshot();
        long from = before.get("version").asLong();

        AdminApi.World added = AdminApi.World.create();
        String addedKey = issueKey(added.appId());
        String keptKey = issueKey(kept.appId());
        admin().post("/admin/v1/keys/" + revokedKey + "/revoke").then().statusCode(200);
        admin().body(Map.of("name", AdminApi.unique("Renamed"))).patch("/admin/v1/applications/" + kept.appId())
                .then().statusCode(200);
        admin().body(Map.of("status", "suspended")).patch("/admin/v1/organizations/" + suspended.orgId())
                .then().statusCode(200);
        admin().body(Map.of("lifecycle", "retired")).patch("/admin/v1/apis/" + retired.apiId()).then().statusCode(200);
        admin().body(Map.of("pathPrefix", kept.routePath() + "/v2")).post("/admin/v1/apis/" + kept.apiId() + "/routes")
                .then().statusCode(201);
        admin().body(Map.of("limits", List.of(Map.of("kind", "rate", "maxRequests", 200, "timeUnit", "minute"))))
                .patch("/admin/v1/plans/" + added.planId()).then().statusCode(200);

        JsonNode delta = changesAfter(from);
        assertEquals(from, delta.get("from").asLong());
        JsonNode now = snapshot();
        assertEquals(now.get("version").asLong(), delta.get("version").asLong());
        JsonNode applied = apply(before, delta);
        assertEquals(ConfigDigest.of(now), ConfigDigest.of(applied),
                () -> "the snapshot at " + from + " with the delta applied must be the current snapshot; differences: "
                        + differences(applied, now));
        assertEquals(ConfigDigest.of(now), digest().get("digest").asText(), "the digest management reports");

        assertTrue(ids(delta.get("removed").get("keys")).containsAll(Set.of(revokedKey, keyOfSuspendedOrg)));
        assertTrue(ids(delta.get("removed").get("applications")).contains(suspended.appId()));
        assertTrue(ids(delta.get("removed").get("subscriptions")).containsAll(Set.of(suspended.subscriptionId(),
                retired.subscriptionId())));
        assertTrue(ids(delta.get("removed").get("apis")).contains(retired.apiId()));
        assertTrue(ids(delta.get("removed").get("plans")).contains(retired.planId()));
        assertTrue(entryIds(delta.get("keys")).containsAll(Set.of(addedKey, keptKey)));
        assertEquals(Set.of(), entryIds(delta.get("keys")).stream().filter(id -> !Set.of(addedKey, keptKey).contains(id))
                .collect(java.util.stream.Collectors.toSet()), "a delta carries only the keys the changes touched");
    }

    @Test
    void a_revocation_delta_is_a_few_hundred_bytes_whatever_the_number_of_keys() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        for (int i = 0; i < 30; i++) {
            issueKey(w.appId());
        }
        String key = issueKey(w.appId());
        long from = snapshot().get("version").asLong();
        admin().post("/admin/v1/keys/" + key + "/revoke").then().statusCode(200);
        byte[] delta = gateway().get("/internal/v1/gateway/changes?after=" + from).then().statusCode(200)
                .extract().asByteArray();
        assertTrue(delta.length < 400, "one revocation as a delta: " + delta.length + " bytes");
        assertEquals(List.of(key), List.of(ids(JSON.readTree(delta).get("removed").get("keys")).toArray()));
    }

    @Test
    void a_gateway_at_the_current_version_gets_no_content() {
        long current = snapshot().get("version").asLong();
        gateway().get("/internal/v1/gateway/changes?after=" + current).then().statusCode(204)
                .header("ETag", "\"" + current + "\"");
    }

    @Test
    void a_gateway_ahead_of_management_or_further_behind_than_the_log_keeps_is_told_to_fetch_the_snapshot()
            throws SQLException {
        long current = snapshot().get("version").asLong();
        gateway().get("/internal/v1/gateway/changes?after=" + (current + 1)).then().statusCode(410)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:snapshot-needed"));
        // Make the log longer than it keeps, with real changes (re-issued keys touch one key each).
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO config_changes (kind, entity_id) SELECT 'key', gen_random_uuid() FROM generate_series(1, ?)")) {
            insert.setInt(1, logSize + 1);
            insert.executeUpdate();
        }
        gateway().get("/internal/v1/gateway/changes?after=" + current).then().statusCode(410)
                .body("type", equalTo("urn:gatehouse:problem:snapshot-needed"));
        long now = snapshot().get("version").asLong();
        gateway().get("/internal/v1/gateway/changes?after=" + (now - logSize)).then().statusCode(200);
    }

    @Test
    void a_change_that_names_no_entity_is_not_sent_as_a_delta() throws SQLException {
        long current = snapshot().get("version").asLong();
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO config_changes (kind, entity_id) VALUES ('bulk-import', NULL)")) {
            insert.executeUpdate();
        }
        gateway().get("/internal/v1/gateway/changes?after=" + current).then().statusCode(410)
                .body("type", equalTo("urn:gatehouse:problem:snapshot-needed"));
    }

    @Test
    void a_version_that_is_not_a_number_is_a_validation_problem_and_the_log_needs_the_gateway_token() {
        gateway().get("/internal/v1/gateway/changes?after=seven").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("after"));
        gateway().get("/internal/v1/gateway/changes").then().statusCode(400);
        given().get("/internal/v1/gateway/changes?after=1").then().statusCode(401);
        given().get("/internal/v1/gateway/digest").then().statusCode(401);
        admin().get("/internal/v1/gateway/changes?after=1").then().statusCode(403);
    }

    // --- helpers ---

    private static RequestSpecification gateway() {
        return given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN);
    }

    private static String issueKey(String appId) {
        return admin().post("/admin/v1/applications/" + appId + "/keys").then().statusCode(201).extract().path("details.id");
    }

    private static JsonNode snapshot() {
        return read(gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract().asByteArray());
    }

    private static JsonNode changesAfter(long version) {
        return read(gateway().get("/internal/v1/gateway/changes?after=" + version).then().statusCode(200)
                .extract().asByteArray());
    }

    private static JsonNode digest() {
        return read(gateway().get("/internal/v1/gateway/digest").then().statusCode(200).extract().asByteArray());
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Applies a delta to a snapshot the way the contract says: replace by id, add, then remove. */
    static JsonNode apply(JsonNode snapshot, JsonNode delta) {
        ObjectNode result = JSON.createObjectNode();
        for (String collection : ConfigDigest.COLLECTIONS) {
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            snapshot.get(collection).forEach(e -> byId.put(e.get("id").asText(), e));
            delta.get(collection).forEach(e -> byId.put(e.get("id").asText(), e));
            delta.get("removed").get(collection).forEach(id -> byId.remove(id.asText()));
            ArrayNode list = result.putArray(collection);
            byId.values().forEach(list::add);
        }
        return result;
    }

    /** Per collection, the entries that differ between two snapshots (for the failure message). */
    static String differences(JsonNode a, JsonNode b) {
        StringBuilder out = new StringBuilder();
        for (String collection : ConfigDigest.COLLECTIONS) {
            Map<String, String> left = new LinkedHashMap<>();
            a.get(collection).forEach(e -> left.put(e.get("id").asText(), ConfigDigest.canonical(e)));
            Map<String, String> right = new LinkedHashMap<>();
            b.get(collection).forEach(e -> right.put(e.get("id").asText(), ConfigDigest.canonical(e)));
            Set<String> all = new HashSet<>(left.keySet());
            all.addAll(right.keySet());
            for (String id : all) {
                if (!java.util.Objects.equals(left.get(id), right.get(id))) {
                    out.append('\n').append(collection).append(' ').append(id).append(": applied ").append(left.get(id))
                            .append(" / current ").append(right.get(id));
                }
            }
        }
        return out.toString();
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new HashSet<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static Set<String> entryIds(JsonNode array) {
        Set<String> ids = new HashSet<>();
        array.forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }
}
