package io.gatehouse.management.apis;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class OpenApiImportTest {

    @Test
    void creates_a_draft_api_from_a_yaml_document_with_route_and_upstream_from_the_first_server() {
        String segment = unique("pay");
        String title = unique("Payments");
        String yaml = """
                openapi: 3.1.0
                info:
                  title: %s
                  version: 2.1.0
                  description: Takes payments.
                servers:
                  - url: http://127.0.0.1:9/%s
                paths:
                  /charges:
                    get:
                      responses:
                        '200': {description: ok}
                """.formatted(title, segment);
        String id = admin().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).post("/admin/v1/apis/import").then()
                .statusCode(201)
                .body("name", equalTo(title))
                .body("version", equalTo("2.1.0"))
                .body("description", equalTo("Takes payments."))
                .body("lifecycle", equalTo("draft"))
                .body("routes[0].pathPrefix", equalTo("/" + segment))
                .body("targets[0].url", equalTo("http://127.0.0.1:9/" + segment))
                .body("ownerSubject", equalTo("bootstrap-admin"))
                .body("hasOpenapiDocument", equalTo(true))
                .extract().path("id");
        admin().accept("application/yaml").get("/admin/v1/apis/" + id + "/openapi").then().statusCode(200)
                .body(containsString("/charges"));
    }

    @Test
    void a_given_route_and_upstream_win_over_the_document_servers() {
        String route = "/" + unique("given");
        String json = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"" + unique("Given") + "\",\"version\":\"v1\"},\"paths\":{}}";
        admin().queryParam("routePath", route).queryParam("upstreamUrl", "https://upstream.example/base")
                .body(json).post("/admin/v1/apis/import").then().statusCode(201)
                .body("routes[0].pathPrefix", equalTo(route))
                .body("targets[0].url", equalTo("https://upstream.example/base"));
    }

    @Test
    void names_the_missing_title_in_a_problem() {
        admin().body("{\"openapi\":\"3.0.0\",\"info\":{\"version\":\"1\"},\"paths\":{}}")
                .queryParam("routePath", "/" + unique("t")).queryParam("upstreamUrl", "http://127.0.0.1:9")
                .post("/admin/v1/apis/import").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("info.title"));
    }

    @Test
    void refuses_swagger_2_documents_naming_the_openapi_field() {
        admin().body("{\"swagger\":\"2.0\",\"info\":{\"title\":\"Old\",\"version\":\"1\"}}")
                .post("/admin/v1/apis/import").then().statusCode(400)
                .body("errors[0].field", equalTo("openapi"))
                .body("detail", containsString("Swagger 2.0"));
    }

    @Test
    void asks_for_an_upstream_when_the_server_url_is_relative() {
        admin().contentType("application/yaml")
                .body("openapi: 3.0.1\ninfo: {title: Rel, version: '1'}\nservers: [{url: /v1}]\npaths: {}\n".getBytes(StandardCharsets.UTF_8))
                .post("/admin/v1/apis/import").then().statusCode(400)
                .body("errors[0].field", equalTo("servers[0].url"));
    }

    @Test
    void names_an_invalid_route_path_given_as_parameter() {
        admin().queryParam("routePath", "/a/../b")
                .body("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"R\",\"version\":\"1\"},\"servers\":[{\"url\":\"http://127.0.0.1:9/x\"}]}")
                .post("/admin/v1/apis/import").then().statusCode(400)
                .body("errors[0].field", equalTo("routePath"));
    }

    @Test
    void answers_unreadable_yaml_with_a_problem_naming_the_document() {
        admin().contentType("application/yaml").body("openapi: [3.0\n  info: :".getBytes(StandardCharsets.UTF_8)).post("/admin/v1/apis/import").then()
                .statusCode(400)
                .body("errors[0].field", equalTo("document"));
    }

    @Test
    void an_api_owner_who_imports_owns_the_api() {
        String token = io.quarkus.test.oidc.server.OidcWiremockTestResource.generateJwtToken("olga",
                java.util.Set.of("api-owner"), "importing-owner", "Bearer");
        io.restassured.RestAssured.given().contentType("application/json").header("Authorization", "Bearer " + token)
                .queryParam("routePath", "/" + unique("o"))
                .body(Map.of("openapi", "3.0.0", "info", Map.of("title", unique("Owned"), "version", "1"),
                        "servers", java.util.List.of(Map.of("url", "http://127.0.0.1:9"))))
                .post("/admin/v1/apis/import").then().statusCode(201)
                .body("ownerSubject", equalTo("importing-owner"));
    }
}
