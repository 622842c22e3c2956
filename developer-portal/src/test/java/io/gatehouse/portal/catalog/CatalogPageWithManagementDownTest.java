package io.gatehouse.portal.catalog;

import io.gatehouse.portal.ops.ManagementInterface;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "down", value = "true"))
class CatalogPageWithManagementDownTest {

    @Test
    void the_home_page_says_the_catalog_is_unavailable_and_leaks_nothing() {
        given().when().get("/")
                .then().statusCode(503)
                .header("Retry-After", "30")
                .body(containsString("The catalog is unavailable right now"))
                .body(not(containsString("Exception")))
                .body(not(containsString("127.0.0.1")));
    }

    @Test
    void the_portal_stays_live_while_management_is_down() {
        given().when().get(ManagementInterface.url("/q/health/live")).then().statusCode(200);
    }
}
