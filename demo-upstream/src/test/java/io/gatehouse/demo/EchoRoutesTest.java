package io.gatehouse.demo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class EchoRoutesTest {

    @Test
    void echo_answers_the_method_path_query_headers_and_body_it_received() {
        given().header("X-Demo", "one").body("hello").contentType("text/plain")
                .when().post("/echo/orders?limit=2&sort=asc")
                .then().statusCode(200)
                .contentType("application/json")
                .body("upstream", equalTo("demo"))
                .body("method", equalTo("POST"))
                .body("path", equalTo("/echo/orders"))
                .body("query", equalTo("limit=2&sort=asc"))
                .body("headers.x-demo", hasItem("one"))
                .body("body", equalTo("hello"));
    }

    @Test
    void echo_without_a_query_answers_an_empty_query() {
        given().when().get("/echo").then().statusCode(200).body("query", equalTo(""));
    }

    @Test
    void status_answers_the_status_asked_for() {
        given().when().get("/status/503").then().statusCode(503).body("status", equalTo(503));
        given().when().get("/status/42").then().statusCode(400);
    }

    @Test
    void delay_answers_after_the_delay() {
        long start = System.nanoTime();
        given().when().get("/delay/200").then().statusCode(200).body("delayedMs", equalTo(200));
        org.hamcrest.MatcherAssert.assertThat((System.nanoTime() - start) / 1_000_000, greaterThanOrEqualTo(200L));
        given().when().get("/delay/999999").then().statusCode(400);
    }
}
