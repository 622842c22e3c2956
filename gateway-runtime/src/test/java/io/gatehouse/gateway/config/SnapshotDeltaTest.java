package io.gatehouse.gateway.config;

import io.gatehouse.configdigest.ConfigDigest;
import io.gatehouse.gateway.policy.auth.KeyDirectory;
import io.gatehouse.gateway.policy.route.RouteMatch;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.policy.subscription.SubscriptionIndex;
import io.gatehouse.gateway.support.TestSnapshots;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, item 1: a gateway applies a delta to the snapshot it holds, and computes the digest management does. */
class SnapshotDeltaTest {

    /** Every optional field the contract has, as management writes it (nulls included, members in its order). */
    static final String FULL = """
            {"version": 7, "generatedAt": "2026-12-06T04:00:00.123456Z",
             "apis": [{"id": "a", "slug": "orders", "name": "Orders", "version": "v1", "lifecycle": "deprecated",
               "sunsetAt": "2027-01-01T00:00:00Z", "deprecatedAt": "2026-12-01T00:00:00Z",
               "routes": [{"id": "r", "pathPrefix": "/orders", "host": null, "methods": ["GET", "POST"], "stripPrefix": true,
                           "connectTimeoutMs": 2000, "responseTimeoutMs": 30000, "position": 0,
                           "headers": [{"name": "X-Variant", "value": "beta"}, {"name": "X-Debug"}],
                           "rewrite": {"pattern": "/items/(\\\\d+)", "replacement": "/v2/items/$1"},
                           "maxRequestBodyBytes": 1048576, "maxRetries": 2,
                           "requestHeaders": {"remove": ["X-Internal"], "set": {"X-Env": "prod"}, "add": {"X-Tag": "a"}},
                           "responseHeaders": {"remove": ["Server"], "set": {}, "add": {}},
                           "cache": {"ttlSeconds": 60, "perConsumer": false, "maxEntryBytes": 1048576, "shared": true,
                                     "storeSetCookie": true},
                           "requiredScopes": ["orders:read"]},
                          {"id": "c", "pathPrefix": "/orders/summary", "host": "api.example", "methods": [], "stripPrefix": false,
                           "connectTimeoutMs": 2000, "responseTimeoutMs": 30000, "position": 1,
                           "compose": {"parts": [{"name": "user", "method": "GET", "url": "/users/me", "timeoutMs": 500,
                                                  "required": true}], "maxPartBytes": 65536}}],
               "targets": [{"id": "t", "url": "http://127.0.0.1:8090", "weight": 3}],
               "cors": {"allowedOrigins": ["https://app.example"], "allowedMethods": ["GET"], "allowedHeaders": ["Content-Type"],
                        "exposedHeaders": ["X-Request-Id"], "allowCredentials": true, "maxAgeSeconds": 600},
               "ipAccess": {"allow": ["10.0.0.0/8"], "deny": ["10.6.6.6"]},
               "healthCheck": {"path": "/health", "intervalMs": 500, "timeoutMs": 200, "healthyThreshold": 1, "unhealthyThreshold": 3},
               "circuitBreaker": {"failureThreshold": 2, "openMs": 1500, "failureStatuses": [502, 503]},
               "auth": {"apiKeys": true, "jwt": {"issuer": "https://idp.example", "jwksUrl": "https://idp.example/jwks",
                        "audiences": ["orders"], "applicationClaim": "azp", "clockSkewSeconds": 30}},
               "forwardUnsafeHeaders": true, "accessLog": {"enabled": true, "sampleRate": 0.25}}],
             "plans": [{"id": "p", "apiId": "a", "name": "Starter", "limitKey": "subscription", "limitMode": "auto",
                        "degradedMode": "fail-open", "timeZone": "Europe/Paris", "productId": "prod-a",
                        "limits": [{"kind": "rate", "maxRequests": 100, "timeUnit": "minute"}]},
                       {"id": "p2", "apiId": null, "productId": "prod-bundle", "name": "Bundle", "limits": []}],
             "applications": [{"id": "app", "organizationId": "org", "name": "Checkout", "oauthClientId": "checkout-web"},
                              {"id": "app2", "organizationId": "org", "name": "Batch"}],
             "subscriptions": [{"id": "s", "applicationId": "app", "planId": "p", "apiId": "a"},
                               {"id": "s2", "applicationId": "app2", "planId": "p", "apiId": "a"},
                               {"id": "s3", "applicationId": "app2", "planId": "p2", "apiId": null,
                                "grants": [{"apiId": "a", "routeIds": ["r", "c"], "methods": ["GET", "HEAD"]},
                                           {"apiId": "b", "routeIds": [], "methods": null}, {"apiId": "d"}]}],
             "keys": [{"id": "k1", "hash": "%s", "prefix": "gh_Ab3dE9x", "applicationId": "app", "expiresAt": null},
                      {"id": "k2", "hash": "%s", "prefix": "gh_Zz9dE9x", "applicationId": "app2",
                       "expiresAt": "2027-01-01T00:00:00Z"}]}
            """.formatted("a".repeat(64), "b".repeat(64));

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final SnapshotCompiler compiler = TestSnapshots.compiler();

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void computes_the_digest_of_the_snapshot_it_holds_as_management_computes_it_from_the_json() {
        CompiledConfig config = compiler.compile(bytes(FULL));
        assertEquals(ConfigDigest.of(bytes(FULL)), compiler.digest(config.snapshot().orElseThrow()),
                "a field the gateway does not keep, or keeps differently, would make the digests differ");
    }

    @Test
    void applies_a_delta_by_replacing_adding_and_removing_entries_by_id() throws Exception {
        CompiledConfig config = compiler.compile(bytes(FULL));
        SnapshotDelta delta = compiler.readDelta(bytes("""
                {"from": 7, "version": 9,
                 "apis": [], "plans": [{"id": "p", "apiId": "a", "name": "Starter", "limitKey": "subscription",
                          "limitMode": "auto", "degradedMode": "fail-open", "timeZone": "UTC", "productId": "prod-a",
                          "limits": [{"kind": "rate", "maxRequests": 5, "timeUnit": "minute"}]}],
                 "applications": [{"id": "app3", "organizationId": "org", "name": "New"}],
                 "subscriptions": [], "keys": [{"id": "k3", "hash": "%s", "prefix": "gh_Cc3dE9x", "applicationId": "app3",
                                               "expiresAt": null}],
                 "removed": {"apis": [], "plans": [], "applications": ["app2"], "subscriptions": ["s2"], "keys": ["k2"]}}
                """.formatted("c".repeat(64))));

        Snapshot merged = delta.applyTo(config.snapshot().orElseThrow());

        // What management's snapshot at version 9 is: the first one with the plan changed, app3 and k3 added, and
        // app2, s2 and k2 gone.
        com.fasterxml.jackson.databind.node.ObjectNode expected =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(FULL);
        com.fasterxml.jackson.databind.node.ObjectNode plan = (com.fasterxml.jackson.databind.node.ObjectNode) expected.get("plans").get(0);
        plan.put("timeZone", "UTC");
        ((com.fasterxml.jackson.databind.node.ObjectNode) plan.get("limits").get(0)).put("maxRequests", 5);
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("applications")).remove(1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("applications")).addObject()
                .put("id", "app3").put("organizationId", "org").put("name", "New");
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("subscriptions")).remove(1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("keys")).remove(1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("keys")).addObject()
                .put("id", "k3").put("hash", "c".repeat(64)).put("prefix", "gh_Cc3dE9x").put("applicationId", "app3");
        assertNotEquals(ConfigDigest.of(bytes(FULL)), ConfigDigest.of(expected));
        assertEquals(ConfigDigest.of(expected), compiler.digest(merged));
        assertEquals(9, merged.version());
        CompiledConfig next = compiler.compile(merged);
        assertTrue(next.part(KeyDirectory.PART).findByHash("c".repeat(64)).result().isPresent(), "the added key works");
        assertTrue(next.part(KeyDirectory.PART).findByHash("b".repeat(64)).result().isEmpty(), "the removed key is gone");
        assertInstanceOf(RouteMatch.Found.class, next.part(RouteTable.PART).match("GET", "api.example", "/orders/summary"));
    }

    @Test
    void a_delta_that_narrows_a_subscriptions_grants_changes_what_it_admits_and_the_digest() throws Exception {
        CompiledConfig config = compiler.compile(bytes(FULL));
        SubscriptionIndex before = config.part(SubscriptionIndex.PART);
        assertTrue(before.grants("app2", "b").get(0).admits("any", "POST"));
        assertNotNull(before.grants("app2", "d"));
        String narrowed = """
                {"id": "s3", "applicationId": "app2", "planId": "p2", "apiId": null,
                 "grants": [{"apiId": "a", "routeIds": ["r", "c"], "methods": ["GET", "HEAD"]},
                            {"apiId": "b", "routeIds": [], "methods": ["GET"]}]}""";
        SnapshotDelta delta = compiler.readDelta(bytes("""
                {"from": 7, "version": 8, "apis": [], "plans": [], "applications": [], "keys": [],
                 "subscriptions": [%s], "removed": {}}""".formatted(narrowed)));

        Snapshot merged = delta.applyTo(config.snapshot().orElseThrow());
        SubscriptionIndex after = compiler.compile(merged).part(SubscriptionIndex.PART);

        assertFalse(after.grants("app2", "b").get(0).admits("any", "POST"), "the narrowed grant refuses POST");
        assertTrue(after.grants("app2", "b").get(0).admits("any", "GET"));
        assertNull(after.grants("app2", "d"), "the API the delta took out of the grants is no longer granted");
        com.fasterxml.jackson.databind.node.ObjectNode expected =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(FULL);
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("subscriptions")).set(2, JSON.readTree(narrowed));
        assertEquals(ConfigDigest.of(expected), compiler.digest(merged), "the new grants are in the digest");
        assertNotEquals(ConfigDigest.of(bytes(FULL)), compiler.digest(merged));
    }

    @Test
    void a_key_revoked_from_an_announcement_leaves_the_snapshot_it_holds_too() {
        CompiledConfig config = compiler.compile(bytes(FULL)).withoutKeys(8, java.util.List.of("k1"));
        Snapshot held = config.snapshot().orElseThrow();
        assertEquals(8, held.version());
        assertEquals(java.util.List.of("k2"), held.keys().stream().map(Snapshot.KeyEntry::id).toList());
    }

    @Test
    void refuses_a_delta_without_its_versions() {
        assertThrows(InvalidSnapshotException.class, () -> compiler.readDelta(bytes("{\"version\": 3}")));
        assertThrows(InvalidSnapshotException.class, () -> compiler.readDelta(bytes("not json")));
    }
}
