package io.gatehouse.demo;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The demo API that ships with Gatehouse, so a fresh install has something real behind the
 * gateway. Every answer is JSON.
 *
 * <ul>
 *   <li>{@code /echo} and anything below it, any method: the method, path, query, headers (names in
 *       lower case, values as lists) and body it received.</li>
 *   <li>{@code GET /status/{code}}: answers that status (100–599 excepted 1xx), to try error handling.</li>
 *   <li>{@code GET /delay/{ms}}: answers after that many milliseconds (at most 30 000), without
 *       blocking the event loop, to try timeouts.</li>
 * </ul>
 */
@Singleton
public class EchoRoutes {

    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final long MAX_DELAY_MS = 30_000;

    void routes(@Observes Router router) {
        router.route("/echo*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::echo);
        router.get("/status/:code").handler(this::status);
        router.get("/delay/:ms").handler(this::delay);
    }

    private void echo(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Buffer body = ctx.body().buffer();
        JsonObject headers = new JsonObject();
        req.headers().forEach(h -> {
            String name = h.getKey().toLowerCase();
            JsonArray values = headers.getJsonArray(name);
            if (values == null) {
                values = new JsonArray();
                headers.put(name, values);
            }
            values.add(h.getValue());
        });
        json(ctx, 200, new JsonObject()
                .put("upstream", "demo")
                .put("method", req.method().name())
                .put("path", req.path())
                .put("query", req.query() == null ? "" : req.query())
                .put("headers", headers)
                .put("body", body == null ? "" : body.toString()));
    }

    private void status(RoutingContext ctx) {
        int code = parse(ctx.pathParam("code"), -1);
        if (code < 200 || code > 599) {
            json(ctx, 400, new JsonObject().put("error", "status must be a number from 200 to 599"));
            return;
        }
        json(ctx, code, new JsonObject().put("status", code));
    }

    private void delay(RoutingContext ctx) {
        long ms = parse(ctx.pathParam("ms"), -1);
        if (ms < 0 || ms > MAX_DELAY_MS) {
            json(ctx, 400, new JsonObject().put("error", "delay must be a number of milliseconds from 0 to " + MAX_DELAY_MS));
            return;
        }
        if (ms == 0) {
            json(ctx, 200, new JsonObject().put("delayedMs", 0));
            return;
        }
        ctx.vertx().setTimer(ms, t -> json(ctx, 200, new JsonObject().put("delayedMs", ms)));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static int parse(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
