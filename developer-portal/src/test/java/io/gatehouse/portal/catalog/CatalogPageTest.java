package io.gatehouse.portal.catalog;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true)
class CatalogPageTest {

    @Test
    void the_home_page_lists_the_published_apis_read_from_management() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("Payments"))
                .body(containsString("v2"))
                .body(containsString("Charge cards &amp; refund them."))
                .body(containsString("deprecated"));
    }

    @Test
    void markup_in_catalog_data_renders_inert() {
        given().when().get("/")
                .then().statusCode(200)
                .body(not(containsString("<script>alert(1)</script>")))
                .body(containsString("&lt;script&gt;"));
    }

    @Test
    void descriptions_render_as_markdown() {
        given().when().get("/")
                .then().statusCode(200)
                .body(containsString("<strong>demo echo</strong>"))
                .body(containsString("href=\"mailto:api&#64;example.com\""))
                .body(not(containsString("**demo echo**")));
    }

    @Test
    void a_description_with_a_script_or_a_javascript_link_renders_inert() {
        given().when().get("/")
                .then().statusCode(200)
                .body(not(containsString("javascript:")))
                .body(not(containsString("<script>alert(2)")))
                .body(containsString("Old books. x"));
    }

    @Test
    void an_unknown_page_answers_a_page_a_person_understands() {
        given().when().get("/no-such-page")
                .then().statusCode(404)
                .contentType(startsWith("text/html"))
                .body(containsString("Page not found"))
                .body(not(containsString("Exception")));
    }

    @Test
    void the_stylesheet_is_served() {
        given().when().get("/portal.css").then().statusCode(200);
    }

    @Test
    void the_script_that_shows_times_in_the_readers_zone_is_served_as_a_file() {
        given().when().get("/local-time.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("time.local[datetime]"));
    }
}
