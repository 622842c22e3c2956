package io.gatehouse.gateway.support;

import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * Puts a {@link TcpProxy} the test controls between the gateway and the machine's real Redis, so a
 * test can take Redis away ({@link #proxy()}{@code .cut()}) without stopping the shared server.
 */
public class RedisProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TcpProxy proxy;
    private Vertx vertx;

    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        URI redis = URI.create(RedisNamespaceResource.REDIS_URL);
        proxy = new TcpProxy(vertx, redis.getHost(), redis.getPort());
        return Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port(),
                "gatehouse.redis-namespace", "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }
}
