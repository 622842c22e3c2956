package io.gatehouse.gateway.config;

import io.gatehouse.gateway.policy.auth.ApiAuth;
import io.gatehouse.gateway.policy.jwt.ClientApplications;
import io.gatehouse.gateway.policy.jwt.JwtRules;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.support.TestSnapshots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code auth}, {@code requiredScopes} and {@code oauthClientId} of a snapshot, compiled once. */
class SnapshotAuthCompileTest {

    private final SnapshotCompiler compiler = TestSnapshots.compiler();

    @Test
    void compiles_jwt_rules_with_their_defaults() {
        CompiledConfig config = compile(api("a1", "/a", auth(false, jwt("https://i.example/jwks"))));
        ApiAuth auth = config.option("a1", ApiAuth.OPTION);
        assertEquals(false, auth.apiKeys());
        JwtRules rules = auth.jwt();
        assertEquals("https://issuer.example", rules.issuer());
        assertEquals(Set.of("aud-1"), rules.audiences());
        assertEquals(List.of("azp", "client_id"), rules.applicationClaims());
        assertEquals(30, rules.clockSkewSeconds());
    }

    @Test
    void an_api_without_auth_takes_keys_only() {
        assertSame(ApiAuth.KEYS_ONLY, compile(api("a1", "/a", null)).option("a1", ApiAuth.OPTION));
    }

    @Test
    void an_api_whose_token_rules_are_unusable_is_skipped_never_served_on_keys() {
        CompiledConfig config = compile(
                api("bad-url", "/bad", auth(true, jwt("ftp://i.example/jwks"))),
                api("no-credential", "/none", new JsonObject().put("apiKeys", false)),
                api("skew", "/skew", auth(true, jwt("https://i.example/jwks").put("clockSkewSeconds", 301))),
                api("ok", "/ok", auth(true, jwt("https://i.example/jwks"))));
        assertTrue(route(config, "/bad") == null, "skipped: " + config.warnings());
        assertTrue(route(config, "/none") == null);
        assertTrue(route(config, "/skew") == null);
        assertTrue(route(config, "/ok") != null);
        assertEquals(3, config.warnings().size(), config.warnings().toString());
    }

    @Test
    void required_scopes_are_compiled_per_route() {
        JsonObject api = api("a1", "/a", null);
        api.getJsonArray("routes").getJsonObject(0).put("requiredScopes", new JsonArray().add("x").add("y"));
        CompiledConfig config = compile(api);
        assertEquals(Set.of("x", "y"), route(config, "/a").options().requiredScopes());
    }

    @Test
    void maps_oauth_client_ids_to_applications_and_drops_an_ambiguous_one() {
        JsonObject snapshot = snapshot(api("a1", "/a", null));
        snapshot.put("applications", new JsonArray()
                .add(app("app-1", "client-1")).add(app("app-2", "shared")).add(app("app-3", "shared"))
                .add(app("app-4", null)));
        CompiledConfig config = compiler.compile(snapshot.toBuffer().getBytes());
        assertEquals("app-1", config.part(ClientApplications.PART).applicationFor("client-1"));
        assertNull(config.part(ClientApplications.PART).applicationFor("shared"), "a token must never be charged to the wrong application");
        assertNull(config.part(ClientApplications.PART).applicationFor(null));
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("oauthClientId")), config.warnings().toString());
    }

    private static io.gatehouse.gateway.policy.route.Route route(CompiledConfig config, String path) {
        return config.part(RouteTable.PART).match("GET", null, path)
                instanceof io.gatehouse.gateway.policy.route.RouteMatch.Found found ? found.route() : null;
    }

    private CompiledConfig compile(JsonObject... apis) {
        return compiler.compile(snapshot(apis).toBuffer().getBytes());
    }

    private static JsonObject snapshot(JsonObject... apis) {
        return new JsonObject().put("version", 1).put("apis", new JsonArray(List.of((Object[]) apis)));
    }

    private static JsonObject api(String id, String prefix, JsonObject auth) {
        JsonObject api = new JsonObject().put("id", id).put("slug", id).put("lifecycle", "published")
                .put("routes", new JsonArray().add(new JsonObject().put("id", "r-" + id).put("pathPrefix", prefix)))
                .put("targets", new JsonArray().add(new JsonObject().put("id", "t").put("url", "http://127.0.0.1:9")));
        if (auth != null) {
            api.put("auth", auth);
        }
        return api;
    }

    private static JsonObject auth(boolean apiKeys, JsonObject jwt) {
        return new JsonObject().put("apiKeys", apiKeys).put("jwt", jwt);
    }

    private static JsonObject jwt(String jwksUrl) {
        return new JsonObject().put("issuer", "https://issuer.example").put("jwksUrl", jwksUrl)
                .put("audiences", new JsonArray().add("aud-1"));
    }

    private static JsonObject app(String id, String clientId) {
        JsonObject app = new JsonObject().put("id", id).put("organizationId", "o").put("name", id);
        return clientId == null ? app : app.put("oauthClientId", clientId);
    }
}
