package io.gatehouse.management.apis;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.configVersion;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.firstRoute;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.firstRouteOf;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.gateway;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.publishedApi;
import static io.gatehouse.management.apis.ApiGatewayOptionsTest.snapshotApi;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer token settings of APIs and routes, and applications' OAuth client ids, through the admin API into the snapshot. */
@QuarkusTest
class TokenAuthTest {

    static final Map<String, Object> JWT = Map.of("issuer", "https://login.example", "jwksUrl",
            "https://login.example/.well-known/jwks.json", "audiences", List.of("orders-api"),
            "applicationClaim", "client_id", "clockSkewSeconds", 60);

    @Test
    void auth_and_required_scopes_reach_the_snapshot_in_the_documented_shapes() {
        String api = publishedApi();
        String route = firstRoute(api);
        Map<String, Object> auth = Map.of("apiKeys", false, "jwt", JWT);
        admin().body(Map.of("auth", auth)).put("/admin/v1/apis/" + api + "/options").then().statusCode(200)
                .body("options.auth.jwt.issuer", equalTo("https://login.example"));
        admin().body(Map.of("requiredScopes", List.of("orders:read", "orders:write")))
                .put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200)
                .body("routes[0].options.requiredScopes", equalTo(List.of("orders:read", "orders:write")));

        Map<String, Object> entry = snapshotApi(api);
        assertEquals(auth, entry.get("auth"));
        assertEquals(List.of("orders:read", "orders:write"), firstRouteOf(entry).get("requiredScopes"));
    }

    @Test
    void defaults_are_left_out_for_the_gateway_to_apply() {
        String api = publishedApi();
        admin().body(Map.of("auth", Map.of("jwt", Map.of("issuer", "https://login.example",
                        "jwksUrl", "http://127.0.0.1:9/jwks", "audiences", List.of("a")))))
                .put("/admin/v1/apis/" + api + "/options").then().statusCode(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> auth = (Map<String, Object>) snapshotApi(api).get("auth");
        assertEquals(Map.of("jwt", Map.of("issuer", "https://login.example", "jwksUrl", "http://127.0.0.1:9/jwks",
                "audiences", List.of("a"))), auth, "apiKeys, applicationClaim and clockSkewSeconds stay absent");
        String plain = publishedApi();
        Map<String, Object> entry = snapshotApi(plain);
        assertFalse(entry.containsKey("auth"));
        assertFalse(firstRouteOf(entry).containsKey("requiredScopes"));
    }

    @Test
    void invalid_token_settings_answer_problems_naming_the_field() {
        String api = publishedApi();
        String path = "/admin/v1/apis/" + api + "/options";
        admin().body(Map.of("auth", Map.of("apiKeys", false))).put(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", equalTo(List.of("auth.apiKeys")));
        admin().body(Map.of("auth", Map.of("jwt", with("jwksUrl", "ftp://login.example/jwks")))).put(path)
                .then().statusCode(400).body("errors.field", equalTo(List.of("auth.jwt.jwksUrl")));
        admin().body(Map.of("auth", Map.of("jwt", with("audiences", List.of())))).put(path)
                .then().statusCode(400).body("errors.field", hasItem("auth.jwt.audiences"));
        admin().body(Map.of("auth", Map.of("jwt", with("audiences", List.of("ok", " "))))).put(path)
                .then().statusCode(400).body("errors.field", equalTo(List.of("auth.jwt.audiences[1]")));
        admin().body(Map.of("auth", Map.of("jwt", with("clockSkewSeconds", 301)))).put(path)
                .then().statusCode(400).body("errors.field", hasItem("auth.jwt.clockSkewSeconds"));
        admin().body(Map.of("auth", Map.of("jwt", with("applicationClaim", "client id")))).put(path)
                .then().statusCode(400).body("errors.field", equalTo(List.of("auth.jwt.applicationClaim")));
        admin().body(Map.of("auth", Map.of("jwt", Map.of("jwksUrl", "https://login.example/jwks",
                "audiences", List.of("a"))))).put(path).then().statusCode(400).body("errors.field", hasItem("auth.jwt.issuer"));
        admin().body(Map.of("requiredScopes", List.of("ok", "has space", "quo\"te")))
                .put("/admin/v1/apis/" + api + "/routes/" + firstRoute(api) + "/options").then().statusCode(400)
                .body("errors.field", equalTo(List.of("requiredScopes[1]", "requiredScopes[2]")));
    }

    @Test
    void an_application_carries_an_oauth_client_id_into_views_audit_and_snapshot() {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Acme")));
        String clientId = unique("client");
        long v0 = configVersion();
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Checkout",
                "oauthClientId", clientId));
        assertTrue(configVersion() > v0, "gateways learn the new client id");
        admin().get("/admin/v1/applications/" + app).then().statusCode(200).body("oauthClientId", equalTo(clientId));
        assertEquals(clientId, snapshotApplication(app).get("oauthClientId"));

        String renamed = unique("client");
        long v1 = configVersion();
        admin().body(Map.of("oauthClientId", renamed)).patch("/admin/v1/applications/" + app).then().statusCode(200)
                .body("oauthClientId", equalTo(renamed));
        assertTrue(configVersion() > v1);
        assertEquals(renamed, snapshotApplication(app).get("oauthClientId"));
        List<Map<String, Object>> audit = admin().queryParam("entityId", app).get("/admin/v1/audit").then()
                .statusCode(200).extract().jsonPath().getList("items");
        assertTrue(audit.stream().anyMatch(e -> "application.updated".equals(e.get("action"))
                && String.valueOf(e).contains(clientId) && String.valueOf(e).contains(renamed)), "audited: " + audit);

        admin().body(Map.of("oauthClientId", "")).patch("/admin/v1/applications/" + app).then().statusCode(200)
                .body("oauthClientId", nullValue());
        assertFalse(snapshotApplication(app).containsKey("oauthClientId"), "absent once removed");
    }

    @Test
    void an_oauth_client_id_belongs_to_one_application_only() {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Acme")));
        String clientId = unique("shared");
        create("/admin/v1/applications", Map.of("organizationId", org, "name", "One", "oauthClientId", clientId));
        admin().body(Map.of("organizationId", org, "name", "Two", "oauthClientId", clientId))
                .post("/admin/v1/applications").then().statusCode(409).contentType("application/problem+json");
        String two = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Two"));
        admin().body(Map.of("oauthClientId", clientId)).patch("/admin/v1/applications/" + two).then().statusCode(409);
        admin().body(Map.of("oauthClientId", "has space")).patch("/admin/v1/applications/" + two).then().statusCode(400);
        assertNull(admin().get("/admin/v1/applications/" + two).then().extract().path("oauthClientId"));
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> jwt = new java.util.HashMap<>(JWT);
        jwt.put(field, value);
        return jwt;
    }

    private static Map<String, Object> snapshotApplication(String app) {
        String json = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract().asString();
        return JsonPath.from(json).getMap("applications.find { it.id == '" + app + "' }");
    }
}
