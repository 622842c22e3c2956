package io.gatehouse.portal.tryit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for the gateway: it records every request it receives (method,
 * raw URI, headers, body) and answers by the key it got: {@code gh_stall…} never answers,
 * {@code gh_huge…} sends 300 KiB, anything else a small JSON 201. The tests read what it received
 * from {@code GET /__double/received} (never a path the console sends: those start with a route).
 */
public class GatewayDouble implements QuarkusTestResourceLifecycleManager {

    static final String PUBLIC_URL = "https://gateway.example.test";
    static final int HUGE_BYTES = 300 * 1024;

    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(req -> req.body().onSuccess(body -> answer(req, body.toString())))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return Map.of("gatehouse.portal.gateway-url", PUBLIC_URL,
                    "gatehouse.portal.try-it.gateway-url", "http://127.0.0.1:" + server.actualPort(),
                    "gatehouse.portal.try-it.timeout", "PT4S",
                    "gatehouse.portal.try-it.calls-per-minute", "8");
        } catch (Exception e) {
            throw new IllegalStateException("could not start the gateway double", e);
        }
    }

    private void answer(HttpServerRequest req, String body) {
        if (req.path().equals("/__double/received")) {
            req.response().putHeader("Content-Type", "application/json").end(new JsonArray(List.copyOf(received)).encode());
            return;
        }
        JsonObject headers = new JsonObject();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        received.add(new JsonObject().put("method", req.method().name()).put("uri", req.uri())
                .put("headers", headers).put("body", body));
        String key = req.getHeader("X-Api-Key") == null ? "" : req.getHeader("X-Api-Key");
        if (key.startsWith("gh_stall")) {
            return;
        }
        if (key.startsWith("gh_huge")) {
            req.response().putHeader("Content-Type", "text/plain").end("a".repeat(HUGE_BYTES));
            return;
        }
        req.response().setStatusCode(201).putHeader("Content-Type", "application/json").putHeader("X-Double", "yes")
                .end(new JsonObject().put("id", "re_1").put("amount", 1250).put("note", "<b>bold</b>").encode());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
