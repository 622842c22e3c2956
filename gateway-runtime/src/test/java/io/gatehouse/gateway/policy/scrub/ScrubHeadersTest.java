package io.gatehouse.gateway.policy.scrub;

import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Through the real gateway: the echo upstream answers with {@code Server} and {@code X-Powered-By} when asked to;
 * {@code /demo} (an API that says nothing) answers without them, {@code /unsafe} ({@code scrubHeaders: []}) with them.
 */
@QuarkusTest
class ScrubHeadersTest {

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    private static Response through(String path) {
        return given().header("X-Api-Key", TestKeys.VALID).header("X-Reply-Server", "Apache/2.4.41 (Ubuntu)")
                .get(path).then().statusCode(200).extract().response();
    }

    @Test
    void an_upstream_answer_reaches_the_client_without_server_and_x_powered_by_by_default() {
        Response answer = through("/demo/x");

        assertNull(answer.header("Server"));
        assertNull(answer.header("X-Powered-By"));
        assertEquals("application/json", answer.contentType());
    }

    @Test
    void an_api_that_opted_out_relays_them() {
        Response answer = through("/unsafe/x");

        assertEquals("Apache/2.4.41 (Ubuntu)", answer.header("Server"));
        assertEquals("Apache/2.4.41 (Ubuntu)", answer.header("X-Powered-By"));
    }
}
