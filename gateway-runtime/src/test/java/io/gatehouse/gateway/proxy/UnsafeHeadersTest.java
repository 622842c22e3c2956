package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Headers that can pose as something the gateway checked (underscored names, {@code X-Original-URL},
 * {@code X-Rewrite-URL}, {@code True-Client-IP}) never reach the echo upstream of {@code /demo}, and do reach the one
 * of {@code /unsafe}, whose API sets {@code forwardUnsafeHeaders}.
 */
@QuarkusTest
class UnsafeHeadersTest {

    private static final String[][] UNSAFE = {
            {"Transfer_Encoding", "chunked"},
            {"X-Original-URL", "/admin/secrets"},
            {"X-Rewrite-URL", "/admin/secrets"},
            {"True-Client-IP", "198.51.100.66"}};

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    private static JsonPath echoedThrough(String path) {
        RequestSpecification request = given().header("X-Api-Key", TestKeys.VALID).header("X-Ordinary", "kept");
        for (String[] header : UNSAFE) {
            request = request.header(header[0], header[1]);
        }
        return request.get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void drops_underscored_names_x_original_url_x_rewrite_url_and_true_client_ip_by_default() {
        JsonPath echoed = echoedThrough("/demo/x");

        for (String[] header : UNSAFE) {
            assertNull(echoed.get("headers.'" + header[0].toLowerCase() + "'"), header[0] + " reached the upstream");
        }
        assertEquals("kept", echoed.getString("headers.'x-ordinary'"));
    }

    @Test
    void forwards_each_of_them_when_the_api_opts_in() {
        JsonPath echoed = echoedThrough("/unsafe/x");

        for (String[] header : UNSAFE) {
            assertEquals(header[1], echoed.getString("headers.'" + header[0].toLowerCase() + "'"), header[0]);
        }
        assertEquals("kept", echoed.getString("headers.'x-ordinary'"));
    }
}
