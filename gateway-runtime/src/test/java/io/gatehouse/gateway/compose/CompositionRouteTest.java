package io.gatehouse.gateway.compose;

import io.gatehouse.gateway.support.ObservedWorld;
import io.gatehouse.gateway.support.ObservedWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Composition routes end to end: three upstreams, one slower than its timeout (acceptance 6). */
@QuarkusTest
@TestProfile(ObservedWorld.class)
class CompositionRouteTest {

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @Test
    void answers_at_the_slow_parts_timeout_with_two_parts_and_an_explicit_error_for_the_third() {
        long start = System.nanoTime();

        Response response = given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "compose-1")
                .get("/composed/anything?q=2");

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        int timeout = ObservedWorldResource.SLOW_PART_TIMEOUT_MS;
        assertTrue(tookMs >= timeout && tookMs < timeout + 2_000,
                "answered after " + tookMs + " ms; the slow part's timeout is " + timeout + " ms");
        response.then().statusCode(200).contentType("application/json").header("X-Request-Id", "compose-1");
        JsonPath json = response.jsonPath();
        assertEquals("part-a", json.getString("parts.a.upstream"));
        assertEquals("part-b", json.getString("parts.b.upstream"));
        assertFalse(json.getMap("parts").containsKey("c"), "a failed part is not in parts");
        assertEquals(504, json.getInt("errors.c.status"));
        assertEquals("urn:gatehouse:problem:upstream-timeout", json.getString("errors.c.type"));
        assertTrue(json.getString("errors.c.detail").contains(timeout + " ms"), json.getString("errors.c.detail"));
        assertEquals(1, json.getMap("errors").size());
    }

    @Test
    void sends_each_part_the_request_id_and_the_clients_query_but_never_the_key() {
        JsonPath json = given().header("X-Api-Key", TestKeys.VALID).header("X-Request-Id", "compose-2")
                .header("Cookie", "session=secret").get("/composed?q=2").then().statusCode(200).extract().jsonPath();

        assertEquals("/a?x=1&q=2", json.getString("parts.a.uri"), "the part's own query, then the client's");
        assertEquals("/b?q=2", json.getString("parts.b.uri"), "a relative part goes to the API's target");
        Map<String, Object> headers = json.getMap("parts.a.headers");
        assertEquals("compose-2", headers.get("x-request-id"));
        assertEquals("application/json", headers.get("accept"));
        assertNull(headers.get("x-api-key"));
        assertNull(headers.get("cookie"), "credentials of the client do not go to the parts");
        assertTrue(headers.containsKey("x-forwarded-for"));
        assertNull(headers.get("traceparent"), "no exporter endpoint is configured, so the tracing SDK is off");
    }

    @Test
    void fails_with_a_504_problem_naming_the_part_when_a_required_part_times_out() {
        JsonPath json = given().header("X-Api-Key", TestKeys.VALID).get("/composed-required").then().statusCode(504)
                .contentType("application/problem+json").extract().jsonPath();

        assertEquals("urn:gatehouse:problem:upstream-timeout", json.getString("type"));
        assertTrue(json.getString("detail").contains("'c'"), json.getString("detail"));
        assertEquals("part-a", json.getString("parts.a.upstream"), "what did succeed is still shown");
        assertEquals("urn:gatehouse:problem:upstream-timeout", json.getString("errors.c.type"));
    }

    @Test
    void reports_a_part_that_answers_something_other_than_json_as_an_error() {
        JsonPath json = given().header("X-Api-Key", TestKeys.VALID).get("/composed-text").then().statusCode(200)
                .extract().jsonPath();

        assertEquals("part-a", json.getString("parts.a.upstream"));
        assertEquals("urn:gatehouse:problem:part-not-json", json.getString("errors.text.type"));
        assertEquals(502, json.getInt("errors.text.status"));
    }

    @Test
    void applies_the_policies_before_any_part_is_called() {
        given().get("/composed").then().statusCode(401)
                .body("type", org.hamcrest.Matchers.equalTo("urn:gatehouse:problem:missing-credentials"));
        given().header("X-Api-Key", TestKeys.VALID).post("/composed").then().statusCode(405).header("Allow", "GET, HEAD");
    }
}
