package io.gatehouse.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for management's internal gateway endpoints, on port 0, serving whatever snapshot
 * it holds. Tests replace the snapshot over HTTP ({@code PUT /__control/snapshot}), because
 * the test resource and the test class may live in different class loaders.
 */
public final class ManagementDouble {

    public static final String TOKEN = "test-gateway-token";
    public static final String CONTROL_PATH = "/__control/snapshot";

    private final AtomicReference<JsonObject> snapshot;
    private final HttpServer server;

    private ManagementDouble(HttpServer server, AtomicReference<JsonObject> snapshot) {
        this.server = server;
        this.snapshot = snapshot;
    }

    public static ManagementDouble start(Vertx vertx, JsonObject initial) {
        AtomicReference<JsonObject> snapshot = new AtomicReference<>(initial);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> handle(request, snapshot))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return new ManagementDouble(server, snapshot);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static void handle(HttpServerRequest request, AtomicReference<JsonObject> snapshot) {
        String path = request.path();
        if (path.equals(CONTROL_PATH)) {
            if (request.method().name().equals("PUT")) {
                request.body().onSuccess(body -> {
                    snapshot.set(new JsonObject(body));
                    request.response().setStatusCode(204).end();
                });
            } else {
                request.response().putHeader("Content-Type", "application/json").end(snapshot.get().encode());
            }
            return;
        }
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            request.response().setStatusCode(401).putHeader("Content-Type", "application/problem+json")
                    .end("{\"type\":\"urn:gatehouse:problem:unauthorized\",\"status\":401}");
            return;
        }
        JsonObject current = snapshot.get();
        long version = current.getLong("version");
        switch (path) {
            case "/internal/v1/gateway/version" -> request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("version", version).encode());
            case "/internal/v1/gateway/snapshot" -> {
                String etag = "\"" + version + "\"";
                if (etag.equals(request.getHeader("If-None-Match"))) {
                    request.response().setStatusCode(304).putHeader("ETag", etag).end();
                } else {
                    request.response().putHeader("Content-Type", "application/json").putHeader("ETag", etag)
                            .end(Buffer.buffer(current.encode()));
                }
            }
            default -> request.response().setStatusCode(404).end();
        }
    }
}
