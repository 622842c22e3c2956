package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.redis.RedisTopology;
import io.gatehouse.testing.RedisCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared response cache on a real Redis Cluster ({@link RedisCluster#shared()}): an API's generations and entries
 * carry its hash tag, so the lookup's two-key batch and the store script run on one master, and a URL invalidated by
 * one node is a miss for every other.
 */
class SharedCacheOnRedisClusterTest {

    private static RedisCluster cluster;
    private static Vertx vertx;
    private static Redis redis;

    private final String namespace = "clcache-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        cluster = RedisCluster.shared();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisTopology(RedisClientType.CLUSTER,
                List.of(cluster.seeds().split(",")), null, Optional.empty()).options());
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void entries_stored_by_one_node_are_found_by_another_and_an_invalidated_url_is_missed_on_every_master() {
        SharedCache writer = shared();
        SharedCache reader = shared();
        Set<RedisCluster.Node> masters = new HashSet<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 9; i++) {
            String apiId = "api-" + i;
            SharedCache.Location at = new SharedCache.Location(apiId, "r-1", "GET api.example/items?page=1", null);
            SharedCache.Found before = await(writer.lookup(at, e -> true));
            assertNull(before.entry(), "nothing cached yet for " + apiId);
            assertNotNull(before.generations(), "the lookup batch answered for " + apiId);
            assertTrue(await(writer.store(at, before.generations(), entry(apiId, now), now)), "stored for " + apiId);

            SharedCache.Found found = await(reader.lookup(at, e -> true));
            assertNotNull(found.entry(), "another node finds " + apiId + "'s entry");
            assertEquals("body-" + apiId, found.entry().body().toString());
            masters.add(cluster.masterOf(reader.entryKey(at)));
            assertEquals(cluster.masterOf(reader.entryKey(at)), cluster.masterOf(reader.generationsKey(apiId)));

            assertTrue(await(writer.invalidate(apiId, at.urlKey())));
            assertNull(await(reader.lookup(at, e -> true)).entry(), "invalidated for every node: " + apiId);
        }
        assertEquals(3, masters.size(), "nine APIs spread over all three masters");
    }

    private SharedCache shared() {
        TestCacheConfig config = new TestCacheConfig(1 << 20, true, Duration.ofSeconds(2), Duration.ofSeconds(1),
                64 * 1024);
        return new SharedCache(redis, vertx, namespace, config.shared(), new SimpleMeterRegistry(), System::nanoTime);
    }

    private static CachedResponse entry(String apiId, long now) {
        return new CachedResponse(200, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain"),
                Buffer.buffer("body-" + apiId), null, List.of(), List.of(), 0, now, 60, apiId, "r-1",
                CachedResponse.Stale.NONE);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
