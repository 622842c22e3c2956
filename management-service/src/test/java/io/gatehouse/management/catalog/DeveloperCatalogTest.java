package io.gatehouse.management.catalog;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class DeveloperCatalogTest {

    @Test
    void a_published_api_is_read_anonymously_with_its_openapi_document_as_imported() {
        String title = unique("Documented");
        String yaml = """
                openapi: 3.1.0
                info: {title: %s, version: '1', description: Read me.}
                servers: [{url: 'http://127.0.0.1:9/%s'}]
                paths:
                  /things: {get: {summary: List things, responses: {'200': {description: ok}}}}
                """.formatted(title, unique("doc"));
        String id = admin().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .post("/admin/v1/apis/import").then().statusCode(201).extract().path("id");
        moveTo(id, "published");

        given().accept(ContentType.JSON).get("/developer/v1/catalog/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo(title))
                .body("lifecycle", equalTo("published"))
                .body("openapiDocument", equalTo(yaml));
    }

    @Test
    void a_deprecated_api_without_a_document_is_read_with_a_null_document() {
        String id = created("published");
        moveTo(id, "deprecated");
        given().get("/developer/v1/catalog/" + id).then().statusCode(200)
                .body("lifecycle", equalTo("deprecated"))
                .body("openapiDocument", nullValue());
    }

    @Test
    void a_draft_api_is_not_found() {
        notFound(created(null));
    }

    @Test
    void a_retired_api_is_not_found() {
        String id = created("published");
        moveTo(id, "retired");
        notFound(id);
    }

    @Test
    void an_unknown_api_is_not_found() {
        notFound(UUID.randomUUID().toString());
    }

    private static void notFound(String id) {
        given().get("/developer/v1/catalog/" + id).then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", containsString("not-found"));
    }

    private static String created(String lifecycle) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("name", unique("Catalogued"),
                "routePath", "/" + unique("c"), "upstreamUrl", "http://127.0.0.1:9"));
        if (lifecycle != null) {
            body.put("lifecycle", lifecycle);
        }
        return admin().body(body).post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }

    private static void moveTo(String id, String lifecycle) {
        admin().body(Map.of("lifecycle", lifecycle)).patch("/admin/v1/apis/" + id).then().statusCode(200);
    }

    private static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer test-admin-token");
    }

    private static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36);
    }
}
