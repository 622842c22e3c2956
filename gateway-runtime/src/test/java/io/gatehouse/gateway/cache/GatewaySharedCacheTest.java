package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.support.GatewayWorldResource;
import io.gatehouse.gateway.support.RedisProxyResource;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A route with {@code shared: true} through the whole gateway: entries reach Redis, a purge announced on
 * {@code <ns>:cache:purge} empties the node, and with Redis taken away (a proxy the test cuts) requests are still
 * served, as misses.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayWorldResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisProxyResource.class, restrictToAnnotatedClass = true)
class GatewaySharedCacheTest {

    @Inject
    Vertx vertx;

    @Inject
    CachePurgeListener purges;

    @ConfigProperty(name = "gatehouse.redis-namespace")
    String namespace;

    private Redis direct;

    @BeforeEach
    void setUp() {
        direct = Redis.createClient(vertx, RedisNamespaceResource.REDIS_URL);
        TestSnapshots.awaitLoaded();
        await(Duration.ofSeconds(20), "the purge subscription", purges::subscribed);
    }

    @AfterEach
    void tearDown() {
        RedisProxyResource.proxy().restore();
        direct.close();
    }

    private static String url() {
        return "/sharedcache/item-" + UUID.randomUUID() + "?cc=max-age%3D60";
    }

    private static Response get(String url) {
        return given().urlEncodingEnabled(false).header("X-Api-Key", TestKeys.VALID).get(url);
    }

    private long entriesInRedis() throws Exception {
        return direct.send(Request.cmd(Command.KEYS).arg(namespace + ":cache:{" + TestSnapshots.CACHED_API + "}:e:*"))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).size();
    }

    /**
     * Requests fresh URLs until one's answer reaches Redis: right after another test gave Redis back, the first call on a
     * pooled connection may fail, and the layer is then skipped for {@code retry-after} (which is the point).
     */
    private String urlStoredInRedis() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String url = url();
            long before = entriesInRedis();
            Response first = get(url);
            assertEquals(200, first.statusCode());
            assertEquals("gatehouse; fwd=miss; stored", first.header("Cache-Status"));
            long waitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            while (System.nanoTime() < waitUntil) {
                if (entriesInRedis() > before) {
                    return url;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no answer of the shared route reached Redis");
    }

    @Test
    void a_shared_route_stores_in_redis_and_a_purge_message_makes_the_node_miss() throws Exception {
        String url = urlStoredInRedis();
        assertEquals("gatehouse; hit", get(url).header("Cache-Status"));

        String purge = new JsonObject().put("purgeId", UUID.randomUUID().toString()).put("apiId", TestSnapshots.CACHED_API)
                .put("routeId", "r-sharedcache").encode();
        // Management increments the route's generation before it announces the purge.
        direct.send(Request.cmd(Command.HINCRBY).arg(namespace + ":cache:{" + TestSnapshots.CACHED_API + "}:gen")
                .arg("r:r-sharedcache").arg(1)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        direct.send(Request.cmd(Command.PUBLISH).arg(purges.channel()).arg(purge))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        Duration took = await(Duration.ofSeconds(5), "a miss after the purge",
                () -> get(url).header("X-Cache").equals("MISS"));
        System.out.printf("purge to miss on this node: %d ms%n", took.toMillis());
        assertTrue(took.toMillis() < 1_000, "purge took " + took.toMillis() + " ms");
        assertEquals(2, GatewayWorldResource.programmable().count(url.substring("/sharedcache".length())));
    }

    @Test
    void with_redis_away_a_shared_route_is_served_as_a_miss_and_still_cached_on_the_node() {
        String url = url();
        RedisProxyResource.proxy().cut();

        long start = System.nanoTime();
        Response first = get(url);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(200, first.statusCode(), first.asString());
        assertEquals("MISS", first.header("X-Cache"));
        assertTrue(tookMs < 5_000, "Redis away must not hold the request: " + tookMs + " ms");
        Response second = get(url);
        assertEquals(200, second.statusCode());
        assertEquals("HIT", second.header("X-Cache"));
        assertEquals(1, GatewayWorldResource.programmable().count(url.substring("/sharedcache".length())));
    }
}
