package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.support.ManagementInterface;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.gatehouse.gateway.support.GatewayWorld.readyVersion;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole gateway against the real Redis: what clients are answered is what lands on the usage stream. */
@QuarkusTest
class UsageEventsTest {

    private static final String FAILING_API = "00000000-0000-0000-0000-00000000a0f5";
    private static final String NODE = "test-gateway";

    @Inject
    RedisDataSource redis;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    private HttpServer failingUpstream;

    @BeforeEach
    void gateway_has_loaded_its_config() {
        TestSnapshots.awaitLoaded();
    }

    @AfterEach
    void stopTheFailingUpstream() {
        if (failingUpstream != null) {
            failingUpstream.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Adds {@code /usage-fail} to the world, routed to an upstream that always answers 500, and pushes it. */
    private void publishAnApiWhoseUpstreamAnswers500() {
        failingUpstream = vertx.createHttpServer()
                .requestHandler(r -> r.response().setStatusCode(500).end("upstream broke"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        JsonObject next = TestSnapshots.served().copy();
        long version = next.getLong("version") + 1;
        next.put("version", version);
        next.getJsonArray("apis").add(new JsonObject().put("id", FAILING_API).put("slug", "failing").put("name", "failing")
                .put("version", "v1").put("lifecycle", "published").putNull("sunsetAt")
                .put("routes", new JsonArray().add(new JsonObject().put("id", "r-failing").put("pathPrefix", "/usage-fail")
                        .putNull("host").put("methods", new JsonArray()).put("stripPrefix", false)
                        .put("connectTimeoutMs", 1_000).put("responseTimeoutMs", 5_000)))
                .put("targets", new JsonArray().add(new JsonObject().put("id", "t-failing")
                        .put("url", "http://127.0.0.1:" + failingUpstream.actualPort()).put("weight", 1))));
        next.getJsonArray("subscriptions").add(new JsonObject().put("id", "s-checkout-failing")
                .put("applicationId", TestSnapshots.CHECKOUT_APP).put("planId", "p-1").put("apiId", FAILING_API));
        TestSnapshots.push(next);
        await(Duration.ofSeconds(10), "the gateway to apply version " + version, () -> readyVersion() >= version);
    }

    private List<StreamMessage<String, String, String>> entries() {
        return redis.stream(String.class).xrange(RedisStreamSender.streamKey(namespace), StreamRange.of("-", "+"));
    }

    /** Events on the stream for requests that arrived at or after {@code since}, in arrival (id) order. */
    private List<JsonObject> eventsSince(Instant since) {
        List<JsonObject> events = new ArrayList<>();
        for (StreamMessage<String, String, String> entry : entries()) {
            for (Object e : new JsonArray(entry.payload().get("events"))) {
                JsonObject event = (JsonObject) e;
                if (!Instant.parse(event.getString("ts")).isBefore(since)) {
                    events.add(event);
                }
            }
        }
        events.sort(Comparator.comparing(e -> e.getString("id")));
        return events;
    }

    private record Expected(String method, int status, String outcome) {
    }

    @Test
    void every_answered_request_becomes_one_event_on_the_stream() throws Exception {
        publishAnApiWhoseUpstreamAnswers500();
        // Earlier tests' requests all arrived more than 10 ms before this instant.
        Thread.sleep(10);
        Instant since = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        byte[] order = "{\"order\":42,\"items\":[\"a\",\"b\"]}".getBytes();

        List<Expected> expected = new ArrayList<>();
        Response ok = given().header("X-Api-Key", TestKeys.VALID).get("/demo/x");
        expected.add(new Expected("GET", ok.statusCode(), "forwarded"));
        expected.add(new Expected("POST", given().header("X-Api-Key", TestKeys.VALID).contentType("application/json")
                .body(order).post("/demo/orders").statusCode(), "forwarded"));
        expected.add(new Expected("GET", given().get("/demo/x").statusCode(), "denied"));
        expected.add(new Expected("GET", given().header("X-Api-Key", "gh_NotAKeyAnyoneWasEverGiven000000000000000")
                .get("/demo/x").statusCode(), "denied"));
        expected.add(new Expected("GET", given().header("X-Api-Key", TestKeys.OTHER_APP).get("/demo/x").statusCode(), "denied"));
        expected.add(new Expected("GET", given().header("X-Api-Key", TestKeys.VALID).get("/nowhere/x").statusCode(), "denied"));
        expected.add(new Expected("DELETE", given().header("X-Api-Key", TestKeys.VALID).delete("/readonly/x").statusCode(), "denied"));
        expected.add(new Expected("GET", given().header("X-Api-Key", TestKeys.VALID).get("/usage-fail/x").statusCode(), "forwarded"));
        expected.add(new Expected("GET", given().header("X-Api-Key", TestKeys.VALID).get("/refused/x").statusCode(), "upstream-error"));
        assertEquals(List.of(200, 200, 401, 401, 403, 404, 405, 500, 502), expected.stream().map(Expected::status).toList());
        int n = expected.size();

        await(Duration.ofSeconds(10), n + " events on the stream", () -> eventsSince(since).size() >= n);
        Thread.sleep(300); // a few more batch intervals: nothing may arrive twice
        List<JsonObject> events = eventsSince(since);

        assertEquals(n, events.size(), "exactly one event per answered request: " + events);
        assertEquals(n, new HashSet<>(events.stream().map(e -> e.getString("id")).toList()).size(), "unique ids");
        // One epoch (this process), numbers without a hole in the order the answers were made.
        assertEquals(1, events.stream().map(e -> e.getLong("epoch")).distinct().count());
        List<Long> seqs = events.stream().map(e -> e.getLong("seq")).sorted().toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "consecutive numbers: " + seqs);
        }
        for (int i = 0; i < n; i++) {
            JsonObject event = events.get(i);
            Expected want = expected.get(i);
            assertEquals(UsageEventTest.NUMBERED_FIELDS, List.copyOf(event.fieldNames()));
            assertEquals(want.method(), event.getString("method"), "event " + i);
            assertEquals(want.status(), event.getInteger("status"), "event " + i);
            assertEquals(want.outcome(), event.getString("outcome"), "event " + i);
            assertEquals(NODE, event.getString("node"));
            UUID id = UUID.fromString(event.getString("id"));
            assertEquals(7, id.version());
            assertTrue(UuidV7Generator.epochMillis(id) >= Instant.parse(event.getString("ts")).toEpochMilli());
            assertTrue(event.getInteger("latencyMs") >= 0);
            assertTrue(event.getLong("resBytes") > 0, "every answer here has a body");
            if (event.getValue("app") != null) {
                assertEquals("o-1", event.getString("org"), "the application's organization, from the snapshot");
            } else {
                assertNull(event.getValue("org"));
            }
        }

        JsonObject forwarded = events.get(0);
        assertEquals(TestSnapshots.CHECKOUT_APP, forwarded.getString("app"));
        assertEquals("s-checkout-0", forwarded.getString("sub"));
        assertEquals("p-1", forwarded.getString("plan"));
        assertEquals(TestSnapshots.DEMO_API, forwarded.getString("api"));
        assertEquals("r-demo", forwarded.getString("route"));
        assertEquals("k-valid", forwarded.getString("key"));
        assertEquals(TestKeys.VALID.substring(0, 10), forwarded.getString("prefix"));
        assertNotNull(forwarded.getValue("upstreamMs"));
        assertEquals(ok.asByteArray().length, forwarded.getLong("resBytes"));
        assertEquals(0, forwarded.getLong("reqBytes"));
        assertEquals(order.length, events.get(1).getLong("reqBytes"));

        JsonObject missingKey = events.get(2);
        assertEquals(TestSnapshots.DEMO_API, missingKey.getString("api"));
        assertNull(missingKey.getValue("key"));
        assertNull(missingKey.getValue("app"));
        assertEquals("", missingKey.getString("prefix"));
        assertNull(missingKey.getValue("upstreamMs"));

        JsonObject notSubscribed = events.get(4);
        assertEquals(TestSnapshots.REPORTING_APP, notSubscribed.getString("app"));
        assertEquals("k-other", notSubscribed.getString("key"));
        assertNull(notSubscribed.getValue("sub"));

        JsonObject noRoute = events.get(5);
        assertNull(noRoute.getValue("api"));
        assertNull(noRoute.getValue("route"));

        assertEquals(FAILING_API, events.get(7).getString("api"));
        assertNotNull(events.get(7).getValue("upstreamMs"));
        assertNull(events.get(8).getValue("upstreamMs"), "the refused upstream never answered");

        String allEvents = events.toString();
        assertTrue(!allEvents.contains(TestKeys.VALID) && !allEvents.contains(TestKeys.hash(TestKeys.VALID)),
                "neither the key nor its hash is in an event");
    }

    @Test
    void a_stream_entry_names_its_version_count_and_node() {
        given().header("X-Api-Key", TestKeys.VALID).get("/demo/entry").then().statusCode(200);

        await(Duration.ofSeconds(10), "an entry on the stream", () -> !entries().isEmpty());

        for (StreamMessage<String, String, String> entry : entries()) {
            assertEquals("1", entry.payload().get("v"));
            assertEquals(NODE, entry.payload().get("node"));
            int count = new JsonArray(entry.payload().get("events")).size();
            assertEquals(count, Integer.parseInt(entry.payload().get("n")));
            assertTrue(count >= 1 && count <= 500);
        }
    }

    @Test
    void usage_metrics_are_exported() {
        given().header("X-Api-Key", TestKeys.VALID).get("/demo/metrics").then().statusCode(200);

        await(Duration.ofSeconds(10), "a sent event", () -> given().get(ManagementInterface.url("/q/metrics")).asString()
                .lines().anyMatch(l -> l.startsWith("usage_events_sent_total") && !l.endsWith(" 0.0")));
        String metrics = given().get(ManagementInterface.url("/q/metrics")).asString();

        for (String name : List.of("usage_events_recorded_total", "usage_events_sent_total", "usage_events_spooled_total",
                "usage_events_replayed_total", "usage_events_dropped_total", "usage_events_buffered", "usage_spool_bytes")) {
            assertTrue(metrics.contains(name), name + " is not in /q/metrics");
        }
    }
}
