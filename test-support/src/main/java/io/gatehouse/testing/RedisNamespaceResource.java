package io.gatehouse.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * Gives a {@code @QuarkusTest} the machine's real Redis with a namespace of its own, so that
 * keys and channels of concurrent or earlier runs never meet. Redis is at
 * {@code GATEHOUSE_TEST_REDIS_URL} (default {@code redis://127.0.0.1:6379}).
 */
public class RedisNamespaceResource implements QuarkusTestResourceLifecycleManager {

    public static final String REDIS_URL = System.getenv().getOrDefault(
            "GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.redis.hosts", REDIS_URL,
                "gatehouse.redis-namespace", "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void stop() {
    }
}
