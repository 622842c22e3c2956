package io.gatehouse.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A real HTTP upstream in the test JVM: answers JSON with the method, path, query and headers it
 * received; a path ending in {@code /status/<code>} answers that status.
 */
final class EchoUpstream implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    EchoUpstream() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            JsonObject headers = new JsonObject();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(),
                    headers.getJsonArray(h.getKey().toLowerCase(), new JsonArray()).add(h.getValue())));
            JsonObject answer = new JsonObject()
                    .put("upstream", "echo")
                    .put("method", req.method().name())
                    .put("path", req.path())
                    .put("query", req.query())
                    .put("headers", headers)
                    .put("body", body.toString());
            int status = 200;
            int at = req.path().lastIndexOf("/status/");
            if (at >= 0) {
                try {
                    status = Integer.parseInt(req.path().substring(at + "/status/".length()));
                } catch (NumberFormatException ignored) {
                    status = 400;
                }
            }
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(answer.encode());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
