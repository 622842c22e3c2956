package io.gatehouse.gateway.upstream;

import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.ObservedWorld;
import io.gatehouse.gateway.support.ObservedWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A target that answers 503 is ejected like one that refuses connections, and comes back once it recovers. */
@QuarkusTest
@TestProfile(ObservedWorld.class)
class PassiveEjectionOn5xxTest {

    @BeforeEach
    void both_targets_are_well() {
        TestSnapshots.awaitLoaded();
        ObservedWorldResource.sick().recover();
        await(Duration.ofSeconds(10), "both targets to take traffic", () -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                seen.add(servedBy(get()));
            }
            return seen.equals(Set.of("sick", "well"));
        });
    }

    @AfterEach
    void sick_target_recovers() {
        ObservedWorldResource.sick().recover();
    }

    private static Response get() {
        return given().header("X-Api-Key", TestKeys.VALID).get("/sick/x");
    }

    private static String servedBy(Response response) {
        return response.statusCode() == 200 ? response.jsonPath().getString("upstream") : "status " + response.statusCode();
    }

    @Test
    void ejects_a_target_answering_503_sends_traffic_to_the_other_and_takes_it_back_after_recovery() {
        ObservedWorldResource.sick().failWith(503);
        long start = System.nanoTime();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(servedBy(get()));
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        long errors = answers.stream().filter("status 503"::equals).count();
        // Two 503s open the breaker; only a half-open probe per openMs can meet the sick target again.
        long allowed = 2 + elapsedMs / ObservedWorldResource.SICK_OPEN_MS;
        assertTrue(errors >= 2 && errors <= allowed, "503s: " + errors + " of " + answers + " in " + elapsedMs + " ms");
        assertTrue(answers.subList(answers.size() - 5, answers.size()).stream().allMatch("well"::equals)
                || elapsedMs >= ObservedWorldResource.SICK_OPEN_MS, "traffic moved to the well target: " + answers);
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();
        assertTrue(metrics.contains("gatehouse_upstream_breaker_state{api=\"" + ObservedWorldResource.SICK_API
                + "\",target=\"t-sick\"} 2.0") || elapsedMs >= ObservedWorldResource.SICK_OPEN_MS, "breaker open");

        ObservedWorldResource.sick().recover();
        Duration back = await(Duration.ofSeconds(10), "the sick target to take traffic again", () -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                seen.add(servedBy(get()));
            }
            return seen.contains("sick");
        });
        assertTrue(back.toMillis() < 10_000);
        assertEquals(200, get().statusCode());
    }

    @Test
    void relays_the_503_itself_to_the_client_with_its_body() {
        ObservedWorldResource.sick().failWith(503);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Response response = get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 503) {
                assertEquals("sick", response.jsonPath().getString("upstream"), "the upstream's own answer");
            }
        }
        assertTrue(statuses.contains(503), "round robin met the sick target: " + statuses);
    }
}
