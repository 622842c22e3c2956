package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.support.ObservedWorld;
import io.gatehouse.gateway.support.ObservedWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.gateway.support.TestUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 5861 §4 for the errors the gateway itself would send: a stale answer within {@code stale-if-error} stands in
 * for the 504 of an upstream that does not answer in time and for the 503 of an API whose every target is ejected,
 * just as it does for an upstream's own 5xx ({@code GatewayCacheTest}).
 */
@QuarkusTest
@TestProfile(ObservedWorld.class)
class StaleInsteadOfGatewayErrorsTest {

    private static final String STALE_FOR_OWN_ERROR = "gatehouse; fwd=stale; ttl=-\\d+; detail=stale-if-error";

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @AfterEach
    void targets_recover() {
        ObservedWorldResource.lonely().recover();
        ObservedWorldResource.hanging().recover();
    }

    private static Response get(String path) {
        return given().header("X-Api-Key", TestKeys.VALID).get(path);
    }

    /** A 200 whose body is the target's echo of {@code path}, stored for a second with {@code stale-if-error=60}. */
    private static void stored(String path) throws InterruptedException {
        Response first = get(path);
        first.then().statusCode(200);
        assertEquals("gatehouse; fwd=miss; stored", first.header("Cache-Status"));
        Thread.sleep(2_100);
    }

    @Test
    void answers_stale_instead_of_the_gateways_504_when_the_only_target_does_not_answer_in_time() throws Exception {
        String path = "/hanging/item-" + UUID.randomUUID();
        stored(path);
        TestUpstreams.Flippable target = ObservedWorldResource.hanging();
        target.hang();
        int before = target.requests();

        long start = System.nanoTime();
        Response stale = get(path);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, stale.statusCode(), stale.asString());
        assertEquals("hanging", stale.jsonPath().getString("upstream"));
        assertTrue(stale.header("Cache-Status").matches(STALE_FOR_OWN_ERROR), stale.header("Cache-Status"));
        assertEquals(before + 1, target.requests(), "the target was asked, and did not answer");
        assertTrue(tookMs >= ObservedWorldResource.HANGING_TIMEOUT_MS,
                "the stale answer came once the answer timeout passed, after " + tookMs + " ms");
    }

    @Test
    void answers_stale_instead_of_the_gateways_503_when_every_target_is_ejected() throws Exception {
        String path = "/lonely/item-" + UUID.randomUUID();
        stored(path);
        TestUpstreams.Flippable target = ObservedWorldResource.lonely();
        target.failWith(503);
        for (int i = 0; i < 2; i++) {
            Response upstreamError = get(path);
            assertEquals(200, upstreamError.statusCode(), upstreamError.asString());
            assertTrue(upstreamError.header("Cache-Status").contains("fwd-status=503"),
                    "the target's own 503, replaced: " + upstreamError.header("Cache-Status"));
        }
        int asked = target.requests();

        Response stale = get(path);

        assertEquals(200, stale.statusCode(), stale.asString());
        assertEquals("lonely", stale.jsonPath().getString("upstream"));
        assertTrue(stale.header("Cache-Status").matches(STALE_FOR_OWN_ERROR), stale.header("Cache-Status"));
        assertEquals(asked, target.requests(), "the ejected target was not asked");
        Response other = get("/lonely/item-" + UUID.randomUUID());
        assertEquals(503, other.statusCode(), "without a stale answer the ejection's own 503 goes out");
    }
}
