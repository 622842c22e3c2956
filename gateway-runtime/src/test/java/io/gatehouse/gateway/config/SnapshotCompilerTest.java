package io.gatehouse.gateway.config;

import io.gatehouse.gateway.policy.auth.KeyDirectory;
import io.gatehouse.gateway.policy.route.HeaderCondition;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RouteMatch;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.policy.subscription.SubscriptionIndex;
import io.gatehouse.gateway.proxy.Upstream;
import io.gatehouse.gateway.support.TestSnapshots;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotCompilerTest {

    private static final String HASH = "3b9f".repeat(16);

    private static final String SNAPSHOT = """
            {
              "version": 17,
              "generatedAt": "2026-11-24T11:00:00Z",
              "apis": [
                {"id": "api-demo", "slug": "demo", "name": "Demo API", "version": "v1", "lifecycle": "published",
                 "sunsetAt": null, "unknownField": true,
                 "routes": [{"id": "r1", "pathPrefix": "/demo", "host": null, "methods": ["get"], "stripPrefix": true,
                             "connectTimeoutMs": 500, "responseTimeoutMs": 900}],
                 "targets": [{"id": "t1", "url": "http://127.0.0.1:8090/base", "weight": 1}]},
                {"id": "api-broken", "slug": "broken",
                 "routes": [{"id": "r2", "pathPrefix": "/broken"}],
                 "targets": [{"id": "t2", "url": "ftp://nowhere", "weight": 1}]}
              ],
              "plans": [{"id": "p1", "apiId": "api-demo", "name": "Starter", "limits": []}],
              "applications": [{"id": "app-1", "organizationId": "org-1", "name": "Checkout"}],
              "subscriptions": [{"id": "s1", "applicationId": "app-1", "planId": "p1", "apiId": "api-demo"}],
              "keys": [
                {"id": "k1", "hash": "%s", "prefix": "gh_Ab3dE9x", "applicationId": "app-1", "expiresAt": "2030-01-01T00:00:00Z"},
                {"id": "k2", "hash": "not-a-hash", "prefix": "gh_x", "applicationId": "app-1", "expiresAt": null}
              ]
            }
            """.formatted(HASH.toUpperCase());

    private final SnapshotCompiler compiler = TestSnapshots.compiler();

    @Test
    void compiles_routes_keys_subscriptions_and_upstreams() {
        CompiledConfig config = compiler.compile(SNAPSHOT.getBytes(StandardCharsets.UTF_8));

        assertEquals(17, config.version());
        RouteMatch.Found found = assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/demo/x"));
        assertEquals("api-demo", found.route().apiId());
        assertEquals(500, found.route().connectTimeoutMs());
        assertEquals(900, found.route().responseTimeoutMs());
        assertTrue(found.route().stripPrefix());
        assertEquals("/base", config.option("api-demo", Upstream.OPTION).targets().get(0).basePath());
        var key = config.part(KeyDirectory.PART).findByHash(HASH).result();
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), key.orElseThrow().expiresAt());
        assertTrue(config.part(SubscriptionIndex.PART).find("app-1", "api-demo").isPresent());
    }

    @Test
    void skips_bad_entries_with_a_warning_instead_of_rejecting_the_snapshot() {
        CompiledConfig config = compiler.compile(SNAPSHOT.getBytes(StandardCharsets.UTF_8));

        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/broken"));
        assertEquals(Optional.empty(), config.part(KeyDirectory.PART).findByHash("not-a-hash").result());
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("broken")), config.warnings().toString());
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("k2")), config.warnings().toString());
    }

    @Test
    void applies_defaults_for_missing_timeouts_and_flags() {
        CompiledConfig config = compiler.compile("""
                {"version": 1, "apis": [{"id": "a", "routes": [{"id": "r", "pathPrefix": "/a/"}],
                 "targets": [{"id": "t", "url": "http://h:1"}]}]}""".getBytes(StandardCharsets.UTF_8));

        var route = assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("DELETE", null, "/a")).route();
        assertEquals(Route.DEFAULT_CONNECT_TIMEOUT_MS, route.connectTimeoutMs());
        assertEquals(Route.DEFAULT_RESPONSE_TIMEOUT_MS, route.responseTimeoutMs());
        assertEquals(false, route.stripPrefix());
        assertNotNull(config.option("a", Upstream.OPTION));
    }

    @Test
    void rejects_a_snapshot_that_is_not_json_or_has_no_version() {
        assertThrows(InvalidSnapshotException.class, () -> compiler.compile("{not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidSnapshotException.class, () -> compiler.compile("{\"apis\": []}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void compiles_route_positions_header_conditions_and_rewrites_and_skips_a_route_with_a_bad_rewrite() {
        CompiledConfig config = compiler.compile("""
                {"version": 3, "apis": [{"id": "a", "targets": [{"id": "t", "url": "http://h:1"}], "routes": [
                  {"id": "plain", "pathPrefix": "/shop", "position": 1},
                  {"id": "beta", "pathPrefix": "/shop", "position": 0,
                   "headers": [{"name": "X-Variant", "value": "beta"}, {"name": "X-Debug"}],
                   "rewrite": {"pattern": "/items/(\\\\d+)", "replacement": "/v2/items/$1"}},
                  {"id": "bad", "pathPrefix": "/bad", "rewrite": {"pattern": "/(", "replacement": "/x"}}
                ]}]}""".getBytes(StandardCharsets.UTF_8));

        var beta = assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/shop/items/7",
                io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("X-Variant", "beta").add("X-Debug", "1"))).route();
        assertEquals("beta", beta.id());
        assertEquals(0, beta.position());
        assertEquals(java.util.List.of(new HeaderCondition("x-variant", "beta"), new HeaderCondition("x-debug", null)),
                beta.headers());
        assertEquals("/v2/items/7", beta.forwardPath("/shop/items/7"));
        assertEquals("plain", assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/shop")).route().id());
        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/bad"));
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("route bad skipped")), config.warnings().toString());
    }
}
