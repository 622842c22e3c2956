package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.testing.RedisNamespaceResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole gateway, with Redis taken away and given back by cutting a TCP proxy in front of it. */
@QuarkusTest
@TestProfile(UsageRedisOutageTest.RedisBehindAProxy.class)
class UsageRedisOutageTest {

    public static class RedisBehindAProxy implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GatewayWorldResource.class),
                    new TestResourceEntry(RedisBehindAProxyResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.usage.spool.replay-interval", "200ms");
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    @ConfigProperty(name = RedisBehindAProxyResource.CONTROL_URL)
    String control;

    private Redis direct;

    @BeforeEach
    void setUp() {
        // The test reads the stream from Redis itself, not through the proxy it cuts.
        direct = Redis.createClient(vertx, RedisNamespaceResource.REDIS_URL);
        TestSnapshots.awaitLoaded();
    }

    @AfterEach
    void tearDown() {
        given().baseUri(control).post("/restore");
        UsageStream.delete(direct, RedisStreamSender.streamKey(namespace));
        direct.close();
    }

    private double counter(String name) {
        return registry.find(name).counter().count();
    }

    private List<String> idsSince(Instant since) {
        return UsageStream.events(direct, RedisStreamSender.streamKey(namespace)).stream()
                .filter(e -> !Instant.parse(e.getString("ts")).isBefore(since))
                .map(e -> e.getString("id")).toList();
    }

    private void callQuickly() {
        long start = System.nanoTime();
        given().header("X-Api-Key", TestKeys.VALID).get("/demo/outage").then().statusCode(200);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 1_500, "a request took " + tookMs + " ms while Redis was away");
    }

    @Test
    void events_are_spooled_while_redis_is_unreachable_and_replayed_when_it_returns() throws Exception {
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 3; i++) {
            callQuickly();
        }
        await(Duration.ofSeconds(10), "3 events on the stream", () -> idsSince(since).size() == 3);
        double spooledBefore = counter("usage.events.spooled");

        given().baseUri(control).post("/cut").then().statusCode(204);
        for (int i = 0; i < 5; i++) {
            callQuickly();
        }
        await(Duration.ofSeconds(10), "5 events in the spool",
                () -> counter("usage.events.spooled") - spooledBefore == 5);
        assertEquals(3, idsSince(since).size(), "nothing reached the stream while Redis was away");

        given().baseUri(control).post("/restore").then().statusCode(204);
        await(Duration.ofSeconds(10), "all 8 events on the stream", () -> idsSince(since).size() >= 8);
        Thread.sleep(500);

        List<String> ids = idsSince(since);
        assertEquals(8, ids.size(), "each event once: " + ids);
        assertEquals(8, new HashSet<>(ids).size());
        assertTrue(counter("usage.events.replayed") >= 5);
        assertEquals(0, counter("usage.events.dropped"));
        JsonObject last = UsageStream.events(direct, RedisStreamSender.streamKey(namespace)).get(ids.size() - 1);
        assertEquals("forwarded", last.getString("outcome"));
    }
}
