package io.gatehouse.management;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.post;
import static io.gatehouse.management.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AdminApiTest {

    @Test
    void creates_the_whole_chain_from_api_to_subscription() {
        AdminApi.World w = AdminApi.World.create();
        admin().get("/admin/v1/apis/" + w.apiId()).then().statusCode(200)
                .body("lifecycle", equalTo("published"))
                .body("routes[0].pathPrefix", equalTo(w.routePath()))
                .body("routes[0].stripPrefix", equalTo(true))
                .body("targets[0].url", equalTo("http://127.0.0.1:9/base"));
        admin().get("/admin/v1/plans/" + w.planId()).then().statusCode(200)
                .body("apiId", equalTo(w.apiId()))
                .body("limits[0].kind", equalTo("rate"))
                .body("limits[0].timeUnit", equalTo("minute"))
                .body("degradedMode", equalTo("fail-open"))
                .body("pricing.billableStatusClasses", equalTo(List.of("2xx", "3xx")));
        admin().get("/admin/v1/subscriptions/" + w.subscriptionId()).then().statusCode(200)
                .body("status", equalTo("active"))
                .body("apiId", equalTo(w.apiId()))
                .body("organizationId", equalTo(w.orgId()));
        admin().queryParam("organizationId", w.orgId()).get("/admin/v1/applications").then().statusCode(200)
                .body("items", hasSize(1)).body("total", equalTo(1)).body("items[0].id", equalTo(w.appId()));
    }

    @Test
    void a_create_location_points_at_the_new_resource() {
        String location = post("/admin/v1/organizations", Map.of("name", unique("Located"))).statusCode(201)
                .extract().header("Location");
        admin().get(location).then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void names_the_invalid_fields_in_a_problem() {
        post("/admin/v1/apis", Map.of("name", "", "routePath", "/a/../b", "upstreamUrl", "ftp://x"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("routePath"));
        post("/admin/v1/apis", Map.of("name", "X", "routePath", "/" + unique("x"), "upstreamUrl", "ftp://x"))
                .statusCode(400)
                .body("errors[0].field", equalTo("upstreamUrl"));
    }

    @Test
    void rejects_an_unknown_enum_value_naming_the_field() {
        String api = create("/admin/v1/apis", Map.of("name", unique("E"), "routePath", "/" + unique("e"),
                "upstreamUrl", "http://127.0.0.1:9"));
        post("/admin/v1/plans", Map.of("apiId", api, "name", "P", "degradedMode", "sometimes"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("degradedMode"));
    }

    @Test
    void rejects_a_rate_limit_counted_per_month() {
        String api = create("/admin/v1/apis", Map.of("name", unique("M"), "routePath", "/" + unique("m"),
                "upstreamUrl", "http://127.0.0.1:9"));
        post("/admin/v1/plans", Map.of("apiId", api, "name", "P",
                "limits", List.of(Map.of("kind", "rate", "maxRequests", 5, "timeUnit", "month"))))
                .statusCode(400)
                .body("errors[0].field", equalTo("limits[0].timeUnit"));
    }

    @Test
    void answers_malformed_json_with_a_problem() {
        admin().body("{\"name\": ").post("/admin/v1/organizations").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:malformed-request"));
    }

    @Test
    void answers_an_unknown_id_with_404_problem() {
        admin().get("/admin/v1/apis/00000000-0000-0000-0000-000000000001").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
    }

    @Test
    void refuses_a_second_api_on_the_same_route() {
        String route = "/" + unique("dup");
        create("/admin/v1/apis", Map.of("name", unique("A"), "routePath", route, "upstreamUrl", "http://127.0.0.1:9"));
        post("/admin/v1/apis", Map.of("name", unique("B"), "routePath", route, "upstreamUrl", "http://127.0.0.1:9"))
                .statusCode(409).body("type", equalTo("urn:gatehouse:problem:conflict"));
    }

    @Test
    void refuses_a_second_live_subscription_to_the_same_api() {
        AdminApi.World w = AdminApi.World.create();
        post("/admin/v1/subscriptions", Map.of("applicationId", w.appId(), "planId", w.planId()))
                .statusCode(409);
    }

    @Test
    void a_cancelled_subscription_cannot_come_back() {
        AdminApi.World w = AdminApi.World.create();
        admin().body(Map.of("status", "cancelled")).patch("/admin/v1/subscriptions/" + w.subscriptionId())
                .then().statusCode(200).body("status", equalTo("cancelled")).body("endedAt", notNullValue());
        admin().body(Map.of("status", "active")).patch("/admin/v1/subscriptions/" + w.subscriptionId())
                .then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:invalid-transition"));
    }

    @Test
    void a_retired_api_cannot_be_published_again() {
        AdminApi.World w = AdminApi.World.create();
        admin().body(Map.of("lifecycle", "retired")).patch("/admin/v1/apis/" + w.apiId()).then().statusCode(200);
        admin().body(Map.of("lifecycle", "published")).patch("/admin/v1/apis/" + w.apiId()).then().statusCode(409);
    }

    @Test
    void requires_authentication_for_the_admin_api() {
        given().get("/admin/v1/apis").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:gatehouse:problem:unauthenticated"));
        given().header("Authorization", "Bearer not-the-token").get("/admin/v1/apis").then().statusCode(401);
    }

    @Test
    void accepts_an_oidc_bearer_token_of_a_platform_admin() {
        String token = OidcWiremockTestResource.getAccessToken("alice", Set.of("platform-admin"));
        given().header("Authorization", "Bearer " + token).get("/admin/v1/apis").then().statusCode(200);
    }

    @Test
    void refuses_an_oidc_user_without_the_admin_role() {
        String token = OidcWiremockTestResource.getAccessToken("bob", Set.of("user"));
        given().header("Authorization", "Bearer " + token).get("/admin/v1/apis").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:forbidden"));
    }

    @Test
    void the_gateway_token_does_not_open_the_admin_api() {
        given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN).get("/admin/v1/apis").then().statusCode(403);
    }

    @Test
    void records_who_changed_what_in_the_audit_log() {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Audited")));
        admin().body(Map.of("status", "suspended")).patch("/admin/v1/organizations/" + org).then().statusCode(200);
        admin().queryParam("entityId", org).get("/admin/v1/audit").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].action", equalTo("organization.updated"))
                .body("items[0].actorId", equalTo("bootstrap-admin"))
                .body("items[0].before.status", equalTo("active"))
                .body("items[0].after.status", equalTo("suspended"))
                .body("items[1].action", equalTo("organization.created"))
                .body("items[1].before", nullValue());
    }

    @Test
    void an_organizations_rename_is_audited_without_a_config_version_and_its_suspension_makes_one() {
        String org = create("/admin/v1/organizations", Map.of("name", unique("Renamed")));
        long before = configVersion();
        admin().body(Map.of("name", unique("Renamed again"))).patch("/admin/v1/organizations/" + org).then().statusCode(200);
        assertEquals(before, configVersion(), "gateways do not hold an organization's name");
        admin().body(Map.of("status", "suspended")).patch("/admin/v1/organizations/" + org).then().statusCode(200);
        assertEquals(before + 1, configVersion(), "a suspension stops the organization's keys at every gateway");
        admin().queryParam("entityId", org).get("/admin/v1/audit").then().statusCode(200)
                .body("items.action", equalTo(List.of("organization.updated", "organization.updated", "organization.created")));
    }

    private static long configVersion() {
        return given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN).get("/internal/v1/gateway/version")
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }

    @Test
    void publishes_the_openapi_document() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/admin/v1/apis"));
    }

    @Test
    void the_developer_catalog_lists_published_apis_only() {
        String name = unique("Catalogued");
        String published = create("/admin/v1/apis", Map.of("name", name, "lifecycle", "published",
                "routePath", "/" + unique("c"), "upstreamUrl", "http://127.0.0.1:9"));
        String draft = create("/admin/v1/apis", Map.of("name", unique("Draft"),
                "routePath", "/" + unique("d"), "upstreamUrl", "http://127.0.0.1:9"));
        given().accept(ContentType.JSON).get("/developer/v1/catalog").then().statusCode(200)
                .body("id", hasItem(published))
                .body("find { it.id == '" + draft + "' }", nullValue());
    }
}
