package io.gatehouse.management.guides;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ApiGuidesTest {

    @Test
    void a_guide_is_created_replaced_listed_read_and_deleted_and_every_change_is_audited() {
        String api = api("published", null);
        String id = admin().body(guide("Getting started", "# Start\n\nCall `GET /things`.", 2))
                .put("/admin/v1/apis/" + api + "/guides/getting-started").then().statusCode(201)
                .header("Location", containsString("/admin/v1/apis/" + api + "/guides/getting-started"))
                .body("slug", equalTo("getting-started"))
                .body("title", equalTo("Getting started"))
                .body("position", equalTo(2))
                .extract().path("id");
        admin().body(guide("Errors", "Problems are RFC 9457.", 1))
                .put("/admin/v1/apis/" + api + "/guides/errors").then().statusCode(201);

        admin().body(guide("  Quick start  ", "New text.", 0))
                .put("/admin/v1/apis/" + api + "/guides/getting-started").then().statusCode(200)
                .body("id", equalTo(id))
                .body("title", equalTo("Quick start"))
                .body("markdown", equalTo("New text."));

        admin().get("/admin/v1/apis/" + api + "/guides").then().statusCode(200)
                .body("items.slug", contains("getting-started", "errors"))
                .body("total", equalTo(2));
        admin().get("/admin/v1/apis/" + api + "/guides/errors").then().statusCode(200)
                .body("markdown", equalTo("Problems are RFC 9457."));

        admin().delete("/admin/v1/apis/" + api + "/guides/errors").then().statusCode(204);
        admin().get("/admin/v1/apis/" + api + "/guides/errors").then().statusCode(404)
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
        admin().delete("/admin/v1/apis/" + api + "/guides/errors").then().statusCode(404);

        admin().queryParam("entityType", "api-guide").queryParam("entityId", id).get("/admin/v1/audit").then()
                .statusCode(200)
                .body("items.action", contains("api-guide.replaced", "api-guide.created"))
                .body("items[0].actorId", equalTo("bootstrap-admin"))
                .body("items[0].before.title", equalTo("Getting started"))
                .body("items[0].after.title", equalTo("Quick start"));
        admin().queryParam("entityType", "api-guide").get("/admin/v1/audit").then()
                .body("items.action", hasItem("api-guide.deleted"));
    }

    @Test
    void an_invalid_slug_title_markdown_or_position_is_refused_naming_the_field() {
        String api = api("published", null);
        invalid(api, "Not_A_Slug", guide("T", "x", 0), "slug");
        invalid(api, "a".repeat(61), guide("T", "x", 0), "slug");
        invalid(api, "trailing-", guide("T", "x", 0), "slug");
        invalid(api, "ok", guide(" ", "x", 0), "title");
        invalid(api, "ok", guide("t".repeat(201), "x", 0), "title");
        invalid(api, "ok", guide("T", "x".repeat(GuideRequests.MAX_MARKDOWN + 1), 0), "markdown");
        invalid(api, "ok", guide("T", "x", -1), "position");
        Map<String, Object> noMarkdown = new HashMap<>(Map.of("title", "T"));
        invalid(api, "ok", noMarkdown, "markdown");
        admin().get("/admin/v1/apis/" + api + "/guides").then().body("items", hasSize(0));
    }

    @Test
    void a_guide_of_an_unknown_api_is_not_found() {
        admin().body(guide("T", "x", 0)).put("/admin/v1/apis/" + java.util.UUID.randomUUID() + "/guides/ok")
                .then().statusCode(404).body("type", equalTo("urn:gatehouse:problem:not-found"));
    }

    @Test
    void an_api_owner_writes_guides_of_own_apis_only_and_a_billing_viewer_only_reads() {
        String own = api("published", "guide-owner-1");
        String foreign = api("published", "someone-else");
        String owner = OidcWiremockTestResource.generateJwtToken("olga", Set.of("api-owner"), "guide-owner-1", "Bearer");
        String billing = OidcWiremockTestResource.generateJwtToken("bill", Set.of("billing-viewer"), "bill-1", "Bearer");
        as(owner).body(guide("Mine", "x", 0)).put("/admin/v1/apis/" + own + "/guides/mine").then().statusCode(201);
        as(owner).body(guide("Theirs", "x", 0)).put("/admin/v1/apis/" + foreign + "/guides/theirs").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        as(owner).delete("/admin/v1/apis/" + own + "/guides/mine").then().statusCode(204);
        admin().body(guide("Admin's", "x", 0)).put("/admin/v1/apis/" + foreign + "/guides/admins").then().statusCode(201);
        as(owner).delete("/admin/v1/apis/" + foreign + "/guides/admins").then().statusCode(403);
        as(billing).get("/admin/v1/apis/" + foreign + "/guides/admins").then().statusCode(200);
        as(billing).body(guide("No", "x", 0)).put("/admin/v1/apis/" + foreign + "/guides/no").then().statusCode(403);
        as(billing).delete("/admin/v1/apis/" + foreign + "/guides/admins").then().statusCode(403);
    }

    @Test
    void the_developer_catalog_lists_and_serves_the_guides_of_a_visible_api_with_its_route() {
        String route = "/" + unique("guided");
        String api = admin().body(Map.of("name", unique("Guided"), "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        admin().body(guide("Second", "Two.", 5)).put("/admin/v1/apis/" + api + "/guides/second").then().statusCode(201);
        admin().body(guide("First", "# One\n\n<script>x()</script>", 1)).put("/admin/v1/apis/" + api + "/guides/first")
                .then().statusCode(201);

        given().accept(ContentType.JSON).get("/developer/v1/catalog/" + api).then().statusCode(200)
                .body("routePath", equalTo(route))
                .body("routeHost", nullValue())
                .body("guides.slug", contains("first", "second"))
                .body("guides.title", contains("First", "Second"))
                .body("guides[0].markdown", nullValue());
        given().get("/developer/v1/catalog/" + api + "/guides/first").then().statusCode(200)
                .body("title", equalTo("First"))
                .body("markdown", equalTo("# One\n\n<script>x()</script>"))
                .body("updatedAt", notNullValue());
        given().get("/developer/v1/catalog/" + api + "/guides/missing").then().statusCode(404)
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
    }

    @Test
    void the_guides_of_draft_and_retired_apis_are_not_found_in_the_developer_catalog() {
        String draft = api(null, null);
        admin().body(guide("Hidden", "x", 0)).put("/admin/v1/apis/" + draft + "/guides/hidden").then().statusCode(201);
        given().get("/developer/v1/catalog/" + draft + "/guides/hidden").then().statusCode(404);

        String retired = api("published", null);
        admin().body(guide("Old", "x", 0)).put("/admin/v1/apis/" + retired + "/guides/old").then().statusCode(201);
        given().get("/developer/v1/catalog/" + retired + "/guides/old").then().statusCode(200);
        admin().body(Map.of("lifecycle", "retired")).patch("/admin/v1/apis/" + retired).then().statusCode(200);
        given().get("/developer/v1/catalog/" + retired + "/guides/old").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    private static void invalid(String api, String slug, Map<String, Object> body, String field) {
        admin().body(body).put("/admin/v1/apis/" + api + "/guides/" + slug).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", hasItem(containsString(field)));
    }

    private static Map<String, Object> guide(String title, String markdown, int position) {
        return Map.of("title", title, "markdown", markdown, "position", position);
    }

    private static String api(String lifecycle, String owner) {
        Map<String, String> body = new HashMap<>(Map.of("name", unique("Guided"), "routePath", "/" + unique("g"),
                "upstreamUrl", "http://127.0.0.1:9"));
        if (lifecycle != null) {
            body.put("lifecycle", lifecycle);
        }
        if (owner != null) {
            body.put("ownerSubject", owner);
        }
        return admin().body(body).post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification admin() {
        return as("test-admin-token");
    }

    private static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    private static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36);
    }
}
