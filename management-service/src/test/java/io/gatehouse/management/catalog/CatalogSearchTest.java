package io.gatehouse.management.catalog;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's search and tag filter, done in PostgreSQL by management so the portal never reads it all. */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class CatalogSearchTest {

    @Test
    void the_catalog_and_an_apis_page_carry_its_tags() {
        String word = unique("w");
        String id = api("Tagged " + word, "Plain.", "published", List.of("payments", word));
        given().get("/developer/v1/catalog").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.tags", contains("payments", word));
        given().get("/developer/v1/catalog/" + id).then().statusCode(200).body("tags", contains("payments", word));
    }

    @Test
    void a_search_matches_the_name_the_description_or_a_tag_whatever_the_case() {
        String word = unique("w");
        String byName = api("Name " + word.toUpperCase(), "Nothing here.", "published", List.of());
        String byDescription = api(unique("Desc"), "Talks about " + word + " a lot.", "published", List.of());
        String byTag = api(unique("Tag"), "Nothing here.", "published", List.of(word));
        api(unique("Other"), "Nothing here.", "published", List.of("unrelated"));

        assertEquals(List.of(byDescription, byName, byTag).stream().sorted().toList(),
                ids(given().queryParam("q", word).get("/developer/v1/catalog")).stream().sorted().toList());
        assertEquals(3, ids(given().queryParam("q", " " + word.toUpperCase() + " ").get("/developer/v1/catalog")).size());
    }

    @Test
    void every_word_of_a_search_must_match_somewhere() {
        String a = unique("a");
        String b = unique("b");
        String both = api("First " + a, "and " + b, "published", List.of());
        api("Only " + a, "nothing", "published", List.of());
        assertEquals(List.of(both), ids(given().queryParam("q", b + " " + a).get("/developer/v1/catalog")));
    }

    @Test
    void a_tag_filter_lists_only_the_apis_that_carry_it() {
        String tag = unique("t");
        String one = api("Alpha " + tag, "x", "published", List.of(tag, "shared"));
        String two = api("Beta " + tag, "x", "deprecated", List.of("shared", tag));
        api("Gamma " + tag, "x", "published", List.of("shared"));
        assertEquals(List.of(one, two), ids(given().queryParam("tag", tag.toUpperCase()).get("/developer/v1/catalog")));
    }

    @Test
    void search_and_tag_combine() {
        String tag = unique("t");
        String word = unique("w");
        String match = api("Match " + word, "x", "published", List.of(tag));
        api("Wrong tag " + word, "x", "published", List.of("other"));
        api("Wrong word", "x", "published", List.of(tag));
        assertEquals(List.of(match),
                ids(given().queryParam("q", word).queryParam("tag", tag).get("/developer/v1/catalog")));
    }

    @Test
    void drafts_and_retired_apis_are_never_found() {
        String tag = unique("t");
        api("Draft " + tag, "x", "draft", List.of(tag));
        String retired = api("Retired " + tag, "x", "published", List.of(tag));
        admin().body(Map.of("lifecycle", "retired")).patch("/admin/v1/apis/" + retired).then().statusCode(200);
        given().queryParam("q", tag).get("/developer/v1/catalog").then().statusCode(200).body("$", empty());
        given().queryParam("tag", tag).get("/developer/v1/catalog").then().statusCode(200).body("$", empty());
    }

    @Test
    void a_search_that_matches_nothing_or_a_tag_no_api_could_carry_is_an_empty_list() {
        given().queryParam("q", unique("nothing")).get("/developer/v1/catalog").then().statusCode(200).body("$", empty());
        given().queryParam("tag", "not a tag!").get("/developer/v1/catalog").then().statusCode(200).body("$", empty());
    }

    @Test
    void percent_and_underscore_in_a_search_are_plain_characters() {
        String word = unique("w");
        String literal = api("Rate 100% " + word, "x", "published", List.of());
        api("Rate 1000 " + word, "x", "published", List.of());
        assertEquals(List.of(literal), ids(given().queryParam("q", "0% " + word).get("/developer/v1/catalog")));
        given().queryParam("q", "_" + word).get("/developer/v1/catalog").then().statusCode(200).body("$", empty());
    }

    @Test
    void an_over_long_search_is_a_validation_problem() {
        given().queryParam("q", "x".repeat(201)).get("/developer/v1/catalog").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors[0].field", equalTo("q"));
    }

    @Test
    void the_tags_list_counts_the_visible_apis_that_carry_each_tag() {
        String tag = unique("t");
        String lone = unique("l");
        api("One " + tag, "x", "published", List.of(tag, lone));
        api("Two " + tag, "x", "deprecated", List.of(tag));
        api("Draft " + tag, "x", "draft", List.of(tag, unique("hidden")));
        JsonPath tags = given().get("/developer/v1/catalog/tags").then().statusCode(200).extract().jsonPath();
        assertEquals(2, tags.getInt("find { it.tag == '" + tag + "' }.apis"));
        assertEquals(1, tags.getInt("find { it.tag == '" + lone + "' }.apis"));
        List<String> names = tags.getList("tag");
        assertTrue(names.stream().noneMatch(t -> t.startsWith("hidden")), names.toString());
        assertEquals(names.stream().sorted().toList(), names, "alphabetical");
    }

    private static List<String> ids(io.restassured.response.Response response) {
        return response.then().statusCode(200).extract().jsonPath().getList("id");
    }

    private static String api(String name, String description, String lifecycle, List<String> tags) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "description", description,
                "routePath", "/" + unique("s"), "upstreamUrl", "http://127.0.0.1:9", "tags", tags));
        body.put("lifecycle", lifecycle);
        return admin().body(body).post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer test-admin-token");
    }

    private static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36);
    }
}
