package io.gatehouse.gateway.config;

import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
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

    @ConfigProperty(name = "gatehouse.gateway.data-dir")
    String dataDir;

    @BeforeEach
    void gateway_has_loaded_its_config_and_subscribed() {
        TestSnapshots.awaitLoadedAndSubscribed();
    }

    private static int statusWith(String key) {
        return given().header("X-Api-Key", key).get("/demo/x").statusCode();
    }

    /** Revokes {@code key} at management and announces the new version; returns how long until the gateway denies it. */
    private Duration revokeAndPublish(String key) {
        TestSnapshots.push(TestSnapshots.withoutKey(TestSnapshots.served(), key));
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

    @Test
    void a_revocation_announced_with_its_version_is_applied_without_fetching_the_snapshot() throws Exception {
        assertEquals(200, statusWith(TestKeys.REVOKED_BY_ANNOUNCEMENT));
        JsonObject current = TestSnapshots.served();
        long version = current.getLong("version");
        assertEquals(version, readyVersion());
        // Management keeps serving the old snapshot: only the announcement itself can make the gateway refuse the key.
        publish(new JsonObject().put("version", version + 1).put("revokedKeys", new JsonArray().add("k-announce")));

        Duration took = await(Duration.ofSeconds(5), "the announced revocation", () -> statusWith(TestKeys.REVOKED_BY_ANNOUNCEMENT) == 401);

        assertTrue(took.compareTo(PROPAGATION_BUDGET) < 0, "took " + took.toMillis() + " ms");
        assertEquals(version + 1, readyVersion());
        assertEquals(200, statusWith(TestKeys.VALID));
        // Kept beside the disk copy, so a restart from it refuses the key too.
        String kept = java.nio.file.Files.readString(java.nio.file.Path.of(dataDir, "snapshot-revocations.jsonl"));
        assertTrue(kept.contains("\"version\":" + (version + 1)) && kept.contains("k-announce"), kept);
        // Management catches up: its snapshot of that version no longer holds the key.
        TestSnapshots.serve(TestSnapshots.withoutKey(current, TestKeys.REVOKED_BY_ANNOUNCEMENT));
    }

    @Test
    void an_announced_revocation_that_does_not_follow_the_version_in_force_is_fetched_instead() {
        JsonObject current = TestSnapshots.served();
        long version = current.getLong("version");
        assertEquals(200, statusWith(TestKeys.REVOKED_AS_A_MARKER));
        // Version +2 names k-valid, but +1 (unheard of) changed something else: the announcement alone cannot be
        // applied, so the gateway fetches, and gets what management serves (the same version). Then a revocation that
        // does follow: messages on one channel arrive in order, so once it is applied the first one was handled.
        publish(new JsonObject().put("version", version + 2).put("revokedKeys", new JsonArray().add("k-valid")));
        publish(new JsonObject().put("version", version + 1).put("revokedKeys", new JsonArray().add("k-marker")));

        await(Duration.ofSeconds(5), "the marker revocation", () -> statusWith(TestKeys.REVOKED_AS_A_MARKER) == 401);

        assertEquals(200, statusWith(TestKeys.VALID), "a revocation after a gap must not be applied from its announcement");
        assertEquals(version + 1, readyVersion());
        TestSnapshots.serve(TestSnapshots.withoutKey(current, TestKeys.REVOKED_AS_A_MARKER));
    }

    private void publish(JsonObject announcement) {
        TestSnapshots.announce(announcement.encode());
    }

    private Optional<String> subscriberClientId() {
        String clients = redis.execute("CLIENT", "LIST").toString();
        return Arrays.stream(clients.split("\n"))
                .filter(line -> line.contains(" name=" + listener.clientName() + " "))
                .map(line -> line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))))
                .findFirst();
    }
}
