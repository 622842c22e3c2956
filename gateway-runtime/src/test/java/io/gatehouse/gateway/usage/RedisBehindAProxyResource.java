package io.gatehouse.gateway.usage;

import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * Puts a {@link CuttableTcpProxy} between the gateway and the real Redis. Tests cut and restore it over HTTP
 * ({@code POST <control-url>/cut}, {@code /restore}), because the test resource and the test class may live in
 * different class loaders.
 */
public class RedisBehindAProxyResource implements QuarkusTestResourceLifecycleManager {

    /** The config key under which tests find the control URL. */
    public static final String CONTROL_URL = "usage-test.redis-control-url";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        URI redis = URI.create(RedisNamespaceResource.REDIS_URL);
        CuttableTcpProxy proxy = CuttableTcpProxy.start(vertx, redis.getHost(), redis.getPort());
        HttpServer control = vertx.createHttpServer().requestHandler(request -> {
            Runnable action = switch (request.path()) {
                case "/cut" -> proxy::cut;
                case "/restore" -> proxy::restore;
                default -> null;
            };
            if (action == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            // The proxy waits for its server to close or bind: not on this event loop.
            vertx.executeBlocking(() -> {
                action.run();
                return null;
            }).onComplete(ar -> request.response().setStatusCode(ar.succeeded() ? 204 : 500).end());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port(),
                "gatehouse.redis-namespace", "test-outage-" + UUID.randomUUID().toString().substring(0, 8),
                CONTROL_URL, "http://127.0.0.1:" + control.actualPort());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
