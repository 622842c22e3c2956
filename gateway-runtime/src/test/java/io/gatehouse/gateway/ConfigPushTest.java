package io.gatehouse.gateway;

import io.gatehouse.gateway.config.ConfigChangeListener;
import io.gatehouse.gateway.support.GatewayWorld;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.gatehouse.gateway.support.GatewayWorld.readyVersion;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config changes reach the gateway by Redis push (the version poll is set to 60 s in tests). */
@QuarkusTest
class ConfigPushTest {

    private static final Duration PROPAGATION_BUDGET = Duration.ofSeconds(1);

    @Inject
    RedisDataSource redis;

    @Inject
    ConfigChangeListener listener;

    @ConfigProperty(name = "gatehouse.management-url")
    String managementUrl;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    @BeforeEach
    void gateway_has_loaded_its_config_and_subscribed() {
        await(Duration.ofSeconds(20), "the gateway to load a config", () -> readyVersion() >= 1);
        await(Duration.ofSeconds(10), "the change subscription", () -> listener.subscribed());
    }

    private static int statusWith(String key) {
        return given().header("X-Api-Key", key).get("/demo/x").statusCode();
    }

    /** Revokes {@code key} at management and announces the new version; returns how long until the gateway denies it. */
    private Duration revokeAndPublish(String key) {
        JsonObject next = TestSnapshots.withoutKey(GatewayWorld.currentSnapshot(managementUrl), key);
        GatewayWorld.serveSnapshot(managementUrl, next);
        redis.pubsub(String.class).publish(namespace + ":config:changed", String.valueOf(next.getLong("version")));
        return await(Duration.ofSeconds(5), "the revoked key to be rejected", () -> statusWith(key) == 401);
    }

    @Test
    void rejects_a_revoked_key_within_a_second_after_a_config_push() {
        assertEquals(200, statusWith(TestKeys.REVOKED_BY_PUSH));

        Duration took = revokeAndPublish(TestKeys.REVOKED_BY_PUSH);

        assertTrue(took.compareTo(PROPAGATION_BUDGET) < 0, "took " + took.toMillis() + " ms");
        assertEquals(200, statusWith(TestKeys.VALID));
    }

    @Test
    void resubscribes_after_its_redis_connection_drops_and_still_applies_pushes_within_a_second() {
        assertEquals(200, statusWith(TestKeys.REVOKED_AFTER_REDIS_DROP));
        String before = subscriberClientId().orElseThrow();

        // Kill only our own subscription connection: other people's Redis clients are left alone.
        redis.execute("CLIENT", "KILL", "ID", before);
        await(Duration.ofSeconds(10), "a new subscription connection",
                () -> subscriberClientId().filter(id -> !id.equals(before)).isPresent() && listener.subscribed());
        assertNotEquals(before, subscriberClientId().orElseThrow());

        Duration took = revokeAndPublish(TestKeys.REVOKED_AFTER_REDIS_DROP);

        assertTrue(took.compareTo(PROPAGATION_BUDGET) < 0, "took " + took.toMillis() + " ms");
    }

    private Optional<String> subscriberClientId() {
        String clients = redis.execute("CLIENT", "LIST").toString();
        return Arrays.stream(clients.split("\n"))
                .filter(line -> line.contains(" name=" + listener.clientName() + " "))
                .map(line -> line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))))
                .findFirst();
    }
}
