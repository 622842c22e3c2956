package io.gatehouse.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for an OIDC issuer's JWKS endpoint, on port 0. The test generates the keys and publishes their public
 * halves with {@code PUT /__control/jwks} (the resource and the test class may live in different class loaders).
 * {@code GET /jwks} serves them; {@code GET /stall} never answers; {@code GET /__control/fetches} counts the
 * {@code /jwks} requests.
 */
public final class IssuerDouble {

    public static final String ISSUER = "https://issuer.test.gatehouse.invalid";
    public static final String CONTROL_JWKS = "/__control/jwks";
    public static final String CONTROL_FETCHES = "/__control/fetches";

    private final HttpServer server;

    private IssuerDouble(HttpServer server) {
        this.server = server;
    }

    public static IssuerDouble start(Vertx vertx) {
        AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> handle(request, jwks, fetches))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return new IssuerDouble(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static void handle(HttpServerRequest request, AtomicReference<String> jwks, AtomicInteger fetches) {
        switch (request.path()) {
            case CONTROL_JWKS -> request.body().onSuccess(body -> {
                jwks.set(body.toString());
                request.response().setStatusCode(204).end();
            });
            case CONTROL_FETCHES -> request.response().end(Integer.toString(fetches.get()));
            case "/jwks" -> {
                fetches.incrementAndGet();
                request.response().putHeader("Content-Type", "application/jwk-set+json").end(jwks.get());
            }
            case "/stall" -> {
                // Never answers: the gateway's fetch timeout must end the wait.
            }
            default -> request.response().setStatusCode(404).end();
        }
    }
}
