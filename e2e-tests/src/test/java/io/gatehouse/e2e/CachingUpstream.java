package io.gatehouse.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream for cache tests whose answer the query decides: {@code cc} → {@code Cache-Control}, {@code vary} →
 * {@code Vary}, {@code delay} → milliseconds before answering. The JSON body carries {@code n}, how many requests
 * this URI (path and query) has had, and the {@code Accept} it was asked with.
 */
final class CachingUpstream implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final HttpServer server;

    CachingUpstream() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> {
            int n = counts.computeIfAbsent(req.uri(), u -> new AtomicInteger()).incrementAndGet();
            var response = req.response().putHeader("Content-Type", "application/json");
            if (req.getParam("cc") != null) {
                response.putHeader("Cache-Control", req.getParam("cc"));
            }
            if (req.getParam("vary") != null) {
                response.putHeader("Vary", req.getParam("vary"));
            }
            String body = new JsonObject().put("n", n).put("accept", req.getHeader("Accept")).encode();
            long delay = req.getParam("delay") == null ? 0 : Long.parseLong(req.getParam("delay"));
            if (delay > 0) {
                vertx.setTimer(delay, id -> response.end(body));
            } else {
                response.end(body);
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Requests the upstream had for {@code uri} (path and query as the gateway forwarded them). */
    int count(String uri) {
        AtomicInteger c = counts.get(uri);
        return c == null ? 0 : c.get();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
