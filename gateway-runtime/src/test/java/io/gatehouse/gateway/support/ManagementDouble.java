package io.gatehouse.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for management's internal gateway endpoints, on port 0, serving whatever snapshot
 * it holds. Tests replace the snapshot over HTTP ({@code PUT /__control/snapshot}), because
 * the test resource and the test class may live in different class loaders.
 *
 * <p>The changes endpoint answers 404 (as a management from before deltas: the gateway fetches the snapshot), except
 * after {@code PUT /__control/delta} with {@code {"delta": …, "snapshot": …}}: then the snapshot is the new one, and a
 * gateway asking for the changes after the delta's {@code from} gets the delta. {@code GET /__control/delta} answers
 * {@code {"served": n}}, how often a delta was served. Putting a snapshot alone forgets the delta.
 */
public final class ManagementDouble {

    public static final String TOKEN = "test-gateway-token";
    public static final String CONTROL_PATH = "/__control/snapshot";
    public static final String DELTA_CONTROL_PATH = "/__control/delta";

    /** The snapshot, and the delta that leads to it (null when none). */
    private record State(JsonObject snapshot, JsonObject delta) {
    }

    private final HttpServer server;

    private ManagementDouble(HttpServer server) {
        this.server = server;
    }

    public static ManagementDouble start(Vertx vertx, JsonObject initial) {
        AtomicReference<State> state = new AtomicReference<>(new State(initial, null));
        AtomicInteger deltasServed = new AtomicInteger();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> handle(request, state, deltasServed))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return new ManagementDouble(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static void handle(HttpServerRequest request, AtomicReference<State> state, AtomicInteger deltasServed) {
        String path = request.path();
        if (path.equals(CONTROL_PATH)) {
            if (request.method().name().equals("PUT")) {
                request.body().onSuccess(body -> {
                    state.set(new State(new JsonObject(body), null));
                    request.response().setStatusCode(204).end();
                });
            } else {
                request.response().putHeader("Content-Type", "application/json").end(state.get().snapshot().encode());
            }
            return;
        }
        if (path.equals(DELTA_CONTROL_PATH)) {
            if (request.method().name().equals("PUT")) {
                request.body().onSuccess(body -> {
                    JsonObject both = new JsonObject(body);
                    state.set(new State(both.getJsonObject("snapshot"), both.getJsonObject("delta")));
                    request.response().setStatusCode(204).end();
                });
            } else {
                request.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("served", deltasServed.get()).encode());
            }
            return;
        }
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            request.response().setStatusCode(401).putHeader("Content-Type", "application/problem+json")
                    .end("{\"type\":\"urn:gatehouse:problem:unauthorized\",\"status\":401}");
            return;
        }
        State now = state.get();
        JsonObject current = now.snapshot();
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
            case "/internal/v1/gateway/changes" -> {
                JsonObject delta = now.delta();
                if (delta != null && String.valueOf(delta.getLong("from")).equals(request.getParam("after"))) {
                    deltasServed.incrementAndGet();
                    request.response().putHeader("Content-Type", "application/json").end(delta.encode());
                } else {
                    request.response().setStatusCode(404).end();
                }
            }
            default -> request.response().setStatusCode(404).end();
        }
    }
}
