package io.gatehouse.management.apis;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code PUT /admin/v1/apis/{id}/openapi}: an existing API gets a document, or a new one, without its routes changing. */
@QuarkusTest
class OpenApiAttachTest {

    private static String api(String route) {
        return create("/admin/v1/apis", Map.of("name", unique("Attached"), "routePath", route,
                "upstreamUrl", "http://127.0.0.1:9/base"));
    }

    private static String yaml(String title, String path) {
        return """
                openapi: 3.1.0
                info:
                  title: %s
                  version: 9.9.9
                servers:
                  - url: http://elsewhere.example/other
                paths:
                  %s:
                    get:
                      responses:
                        '200': {description: ok}
                """.formatted(title, path);
    }

    @Test
    void attaches_a_yaml_document_to_an_api_created_without_one_and_leaves_its_routes_and_upstream_alone() {
        String route = "/" + unique("att");
        String id = api(route);
        admin().get("/admin/v1/apis/" + id + "/openapi").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
        String name = admin().get("/admin/v1/apis/" + id).then().statusCode(200).extract().path("name");

        admin().contentType("application/yaml").body(yaml("Other title", "/widgets").getBytes(StandardCharsets.UTF_8))
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(200)
                .body("hasOpenapiDocument", equalTo(true))
                .body("name", equalTo(name))
                .body("version", equalTo("v1"))
                .body("routes.size()", equalTo(1))
                .body("routes[0].pathPrefix", equalTo(route))
                .body("targets[0].url", equalTo("http://127.0.0.1:9/base"));
        admin().accept("application/yaml").get("/admin/v1/apis/" + id + "/openapi").then().statusCode(200)
                .contentType(containsString("yaml"))
                .body(containsString("/widgets"));
    }

    @Test
    void a_second_document_replaces_the_first_and_each_is_audited_without_a_config_version() {
        String id = api("/" + unique("rep"));
        long version = configVersion();
        admin().contentType("application/yaml").body(yaml("First", "/first").getBytes(StandardCharsets.UTF_8))
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(200);
        String json = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Second\",\"version\":\"1\"},\"paths\":{\"/second\":{}}}";
        admin().body(json).put("/admin/v1/apis/" + id + "/openapi").then().statusCode(200)
                .body("hasOpenapiDocument", equalTo(true));
        admin().accept("application/json").get("/admin/v1/apis/" + id + "/openapi").then().statusCode(200)
                .contentType(containsString("json"))
                .body(containsString("/second"))
                .body(not(containsString("/first")));
        assertEquals(version, configVersion(), "gateways do not read an API's document");
        admin().queryParam("entityId", id).get("/admin/v1/audit").then().statusCode(200)
                .body("items.action", equalTo(List.of("api.openapi-replaced", "api.openapi-replaced", "api.created")))
                .body("items[2].after.hasOpenapiDocument", equalTo(false))
                .body("items[1].before.hasOpenapiDocument", equalTo(false))
                .body("items[1].after.hasOpenapiDocument", equalTo(true));
    }

    @Test
    void refuses_a_document_that_is_not_openapi_3_naming_the_field_and_keeps_the_old_one() {
        String id = api("/" + unique("bad"));
        admin().contentType("application/yaml").body(yaml("Kept", "/kept").getBytes(StandardCharsets.UTF_8))
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(200);

        admin().body("{\"swagger\":\"2.0\",\"info\":{\"title\":\"Old\",\"version\":\"1\"}}")
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("openapi"));
        admin().body("{\"openapi\":\"3.0.0\",\"info\":{\"version\":\"1\"}}")
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("info.title"));
        admin().contentType("application/yaml").body("openapi: [3.0\n  info: :".getBytes(StandardCharsets.UTF_8))
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("document"));
        admin().contentType("application/yaml").body(new byte[0])
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(400)
                .body("errors[0].field", equalTo("document"));

        admin().accept("application/yaml").get("/admin/v1/apis/" + id + "/openapi").then().statusCode(200)
                .body(containsString("/kept"));
    }

    @Test
    void answers_404_for_an_unknown_api() {
        admin().body("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Nowhere\",\"version\":\"1\"},\"paths\":{}}")
                .put("/admin/v1/apis/00000000-0000-0000-0000-00000000abcd/openapi").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
    }

    @Test
    void the_published_api_reaches_the_developer_catalog_with_the_attached_document() {
        String id = api("/" + unique("cat"));
        admin().body(Map.of("lifecycle", "published")).patch("/admin/v1/apis/" + id).then().statusCode(200);
        admin().contentType("application/yaml").body(yaml("Catalogued", "/listed").getBytes(StandardCharsets.UTF_8))
                .put("/admin/v1/apis/" + id + "/openapi").then().statusCode(200);
        given().get("/developer/v1/catalog/" + id).then().statusCode(200)
                .body("openapiDocument", containsString("/listed"));
    }

    @Test
    void takes_the_document_and_guide_the_demo_seed_puts_on_the_demo_api() throws java.io.IOException {
        String id = api("/" + unique("demo"));
        byte[] document = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "tools", "demo", "openapi.yaml"));
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("..", "tools", "demo", "guide.md"));
        admin().contentType("application/yaml").body(document).put("/admin/v1/apis/" + id + "/openapi").then()
                .statusCode(200).body("hasOpenapiDocument", equalTo(true));
        admin().body(Map.of("title", "Getting started", "markdown", guide, "position", 0))
                .put("/admin/v1/apis/" + id + "/guides/getting-started").then().statusCode(201);
        admin().contentType("application/yaml").body(document).put("/admin/v1/apis/" + id + "/openapi").then()
                .statusCode(200);
        admin().body(Map.of("title", "Getting started", "markdown", guide, "position", 0))
                .put("/admin/v1/apis/" + id + "/guides/getting-started").then().statusCode(200);
        admin().accept("application/yaml").get("/admin/v1/apis/" + id + "/openapi").then().statusCode(200)
                .body(equalTo(new String(document, StandardCharsets.UTF_8)));
    }

    private static long configVersion() {
        return given().header("Authorization", "Bearer " + AdminApi.GATEWAY_TOKEN).get("/internal/v1/gateway/version")
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }
}
