package io.gatehouse.gateway.support;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;

/** What integration tests do to the world around the gateway. */
public final class GatewayWorld {

    private GatewayWorld() {
    }

    public static JsonObject currentSnapshot(String managementUrl) {
        return new JsonObject(given().baseUri(managementUrl).get(ManagementDouble.CONTROL_PATH).asString());
    }

    public static void serveSnapshot(String managementUrl, JsonObject snapshot) {
        given().baseUri(managementUrl).body(snapshot.encode()).put(ManagementDouble.CONTROL_PATH).then().statusCode(204);
    }

    /**
     * Makes management hold {@code snapshot} and serve {@code delta} (from the version before it to the snapshot's) to
     * a gateway that asks for the changes after {@code delta.from}.
     */
    public static void serveDelta(String managementUrl, JsonObject delta, JsonObject snapshot) {
        given().baseUri(managementUrl).body(new JsonObject().put("delta", delta).put("snapshot", snapshot).encode())
                .put(ManagementDouble.DELTA_CONTROL_PATH).then().statusCode(204);
    }

    /** How many deltas management has served. */
    public static int deltasServed(String managementUrl) {
        return new JsonObject(given().baseUri(managementUrl).get(ManagementDouble.DELTA_CONTROL_PATH).asString())
                .getInteger("served");
    }

    /** The version the gateway reports as ready, or -1 while it is not ready. */
    public static long readyVersion() {
        var response = RestAssured.get(ManagementInterface.url("/q/health/ready"));
        JsonPath json = response.jsonPath();
        Object version = json.get("checks.find { it.name == 'gateway-config' }.data.version");
        return response.statusCode() == 200 && version != null ? ((Number) version).longValue() : -1;
    }

    /** Polls {@code condition} every 20 ms until it holds; fails after {@code timeout}. Returns the time it took. */
    public static Duration await(Duration timeout, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
