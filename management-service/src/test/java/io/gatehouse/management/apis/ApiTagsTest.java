package io.gatehouse.management.apis;

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
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ApiTagsTest {

    @Test
    void tags_given_on_create_are_stored_lower_cased_once_each_in_the_order_given_and_shown_in_the_api_view() {
        String id = created(List.of(" Payments ", "eu-west", "PAYMENTS", "v2"));
        admin().get("/admin/v1/apis/" + id).then().statusCode(200)
                .body("tags", contains("payments", "eu-west", "v2"));
    }

    @Test
    void an_api_created_without_tags_has_none() {
        String id = created(null);
        admin().get("/admin/v1/apis/" + id).then().statusCode(200).body("tags", empty());
    }

    @Test
    void an_update_with_tags_replaces_them_and_an_update_without_keeps_them() {
        String id = created(List.of("old", "kept-not"));
        admin().body(Map.of("tags", List.of("New", "fresh"))).patch("/admin/v1/apis/" + id).then().statusCode(200)
                .body("tags", contains("new", "fresh"));
        admin().body(Map.of("name", "Renamed " + unique("r"))).patch("/admin/v1/apis/" + id).then().statusCode(200)
                .body("tags", contains("new", "fresh"));
        admin().get("/admin/v1/apis/" + id).then().body("tags", contains("new", "fresh"));
    }

    @Test
    void an_empty_list_removes_every_tag() {
        String id = created(List.of("gone"));
        admin().body(Map.of("tags", List.of())).patch("/admin/v1/apis/" + id).then().statusCode(200)
                .body("tags", empty());
    }

    @Test
    void a_tag_with_a_space_or_other_characters_is_a_validation_problem_naming_it() {
        invalid(List.of("fine", "not fine"), "tags[1]");
        invalid(List.of("caf\u00e9"), "tags[0]");
        invalid(List.of("under_score"), "tags[0]");
    }

    @Test
    void an_empty_or_over_long_tag_is_a_validation_problem() {
        invalid(List.of(""), "tags[0]");
        invalid(List.of("x".repeat(33)), "tags[0]");
    }

    @Test
    void a_tag_of_32_characters_is_accepted() {
        String id = created(List.of("x".repeat(32)));
        admin().get("/admin/v1/apis/" + id).then().body("tags", contains("x".repeat(32)));
    }

    @Test
    void more_than_ten_tags_is_a_validation_problem_on_create_and_on_update() {
        List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "t" + i).toList();
        invalid(eleven, "tags");
        String id = created(IntStream.range(0, 10).mapToObj(i -> "t" + i).toList());
        admin().body(Map.of("tags", eleven)).patch("/admin/v1/apis/" + id).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", hasItem("tags"));
        admin().get("/admin/v1/apis/" + id).then().body("tags.size()", equalTo(10));
    }

    @Test
    void eleven_tags_that_are_ten_once_repeats_are_dropped_are_accepted() {
        List<String> tags = new java.util.ArrayList<>(IntStream.range(0, 10).mapToObj(i -> "t" + i).toList());
        tags.add("T0");
        String id = created(tags);
        admin().get("/admin/v1/apis/" + id).then().body("tags.size()", equalTo(10));
    }

    private static void invalid(List<String> tags, String field) {
        Map<String, Object> body = new HashMap<>(Map.of("name", unique("Tagged"), "routePath", "/" + unique("tags"),
                "upstreamUrl", "http://127.0.0.1:9"));
        body.put("tags", tags);
        admin().body(body).post("/admin/v1/apis").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", hasItem(field));
    }

    private static String created(List<String> tags) {
        Map<String, Object> body = new HashMap<>(Map.of("name", unique("Tagged"), "routePath", "/" + unique("tags"),
                "upstreamUrl", "http://127.0.0.1:9"));
        if (tags != null) {
            body.put("tags", tags);
        }
        return admin().body(body).post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer test-admin-token");
    }

    private static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36);
    }
}
