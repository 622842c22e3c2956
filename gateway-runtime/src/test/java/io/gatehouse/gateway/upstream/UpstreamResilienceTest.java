package io.gatehouse.gateway.upstream;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several targets per API: ejection and return, retries, timeouts, metrics. */
@QuarkusTest
class UpstreamResilienceTest {

    @BeforeEach
    void gateway_has_loaded_its_config_and_both_pair_targets_run() {
        TestSnapshots.awaitLoaded();
        GatewayWorldResource.pairA().start();
        GatewayWorldResource.pairB().start();
    }

    private static Response get(String path) {
        return given().header("X-Api-Key", TestKeys.VALID).get(path);
    }

    private static String servedBy(Response response) {
        return response.statusCode() == 200 ? response.jsonPath().getString("upstream") : "status " + response.statusCode();
    }

    private static double metric(String name, String apiId) {
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*api=\"" + apiId + "\"[^}]*} ([0-9.E+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    @Test
    void moves_traffic_off_a_killed_target_without_client_visible_errors_and_back_after_it_recovers() {
        await(Duration.ofSeconds(5), "both targets to take traffic", () -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                seen.add(servedBy(get("/pair/x")));
            }
            return seen.equals(Set.of("pair-a", "pair-b"));
        });

        GatewayWorldResource.pairA().stop();
        List<String> whileDown = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            whileDown.add(servedBy(get("/pair/x")));
        }

        assertTrue(whileDown.stream().allMatch("pair-b"::equals), "every request answered by pair-b: " + whileDown);
        assertEquals(0.0, metric("gatehouse_upstream_target_healthy", TestSnapshots.PAIR_API + "\",target=\"t-pair-a"));

        GatewayWorldResource.pairA().start();
        Duration back = await(Duration.ofSeconds(5), "pair-a to take traffic again", () -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                seen.add(servedBy(get("/pair/x")));
            }
            return seen.contains("pair-a");
        });
        assertTrue(back.toMillis() < 5_000);
    }

    @Test
    void retries_a_get_once_on_another_target_when_the_first_refuses_the_connection() {
        double before = metric("gatehouse_upstream_retries_total", TestSnapshots.FLAKY_API);

        for (int i = 0; i < 10; i++) {
            get("/flaky/x").then().statusCode(200).body("upstream", equalTo("echo"));
        }

        double retries = metric("gatehouse_upstream_retries_total", TestSnapshots.FLAKY_API) - before;
        assertTrue(retries >= 4 && retries <= 6, "about every other request hit the refused target first: " + retries);
    }

    @Test
    void never_retries_a_post_even_without_a_body() {
        double before = metric("gatehouse_upstream_retries_total", TestSnapshots.FLAKY_API);
        int failed = 0;

        for (int i = 0; i < 10; i++) {
            int status = given().header("X-Api-Key", TestKeys.VALID).post("/flaky/x").statusCode();
            if (status == 502) {
                failed++;
            } else {
                assertEquals(200, status);
            }
        }

        assertEquals(5, failed, "round robin sends every other POST to the refused target, and none is retried");
        assertEquals(before, metric("gatehouse_upstream_retries_total", TestSnapshots.FLAKY_API));
    }

    @Test
    void answers_504_at_the_route_response_timeout() {
        long start = System.nanoTime();

        get("/tight/x").then().statusCode(504).body("type", equalTo("urn:gatehouse:problem:upstream-timeout"));

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 290 && tookMs < 1_500, "answered after " + tookMs + " ms, the route allows 300 ms");
    }

    @Test
    void records_upstream_latency_as_a_histogram_per_api() {
        get("/pair/x").then().statusCode(200);

        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();

        assertTrue(metrics.contains("gatehouse_upstream_latency_seconds_bucket{api=\"" + TestSnapshots.PAIR_API + "\""),
                "no latency histogram for the pair API");
        assertTrue(metrics.contains("gatehouse_upstream_breaker_state{api=\"" + TestSnapshots.PAIR_API + "\",target=\"t-pair-b\"}"));
    }
}
