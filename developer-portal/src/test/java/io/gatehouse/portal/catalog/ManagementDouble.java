package io.gatehouse.portal.catalog;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server in the test JVM playing the management service's developer API, so the
 * portal's catalog is read over the network exactly as in production. With the init arg
 * {@code down=true} it hands the portal a port where nothing listens.
 */
public class ManagementDouble implements QuarkusTestResourceLifecycleManager {

    static final JsonArray CATALOG = new JsonArray()
            .add(new JsonObject().put("id", "3f7c2a52-5a0e-4c55-9f53-2f7c6b0d9a11").put("slug", "payments")
                    .put("name", "Payments").put("version", "v2").put("description", "Charge cards & refund them.")
                    .put("lifecycle", "published"))
            .add(new JsonObject().put("id", "0b1f3c8e-2d4a-4e9b-8c6d-7a5e4f3b2c1d").put("slug", "ledger")
                    .put("name", "Ledger <script>alert(1)</script>").put("version", "v1")
                    .put("description", "Old books.").put("lifecycle", "deprecated"))
            .add(new JsonObject().put("id", "5d2e8f14-7b3a-4c1d-9e6f-0a8b7c6d5e4f").put("slug", "broken")
                    .put("name", "Broken").put("version", "v1").put("description", "Its document is not OpenAPI.")
                    .put("lifecycle", "published"))
            .add(new JsonObject().put("id", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d").put("slug", "vanishing")
                    .put("name", "Vanishing").put("version", "v1").put("description", "Retired between two calls.")
                    .put("lifecycle", "published"));

    /** The documents of the APIs above, by id; "vanishing" has none because management answers 404 for it. */
    static final Map<String, String> DOCUMENTS = Map.of(
            "3f7c2a52-5a0e-4c55-9f53-2f7c6b0d9a11", PaymentsDocument.YAML,
            "5d2e8f14-7b3a-4c1d-9e6f-0a8b7c6d5e4f", "openapi: [3.0\n  info: :");

    private Vertx vertx;
    private boolean down;

    @Override
    public void init(Map<String, String> initArgs) {
        down = Boolean.parseBoolean(initArgs.getOrDefault("down", "false"));
    }

    @Override
    public Map<String, String> start() {
        if (down) {
            return Map.of("quarkus.rest-client.management.url", "http://127.0.0.1:" + closedPort());
        }
        vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(req -> {
                        if (req.path().equals("/developer/v1/catalog")) {
                            req.response().putHeader("Content-Type", "application/json").end(CATALOG.encode());
                        } else if (req.path().startsWith("/developer/v1/catalog/")) {
                            catalogApi(req.path().substring("/developer/v1/catalog/".length()), req.response());
                        } else {
                            req.response().setStatusCode(404).end();
                        }
                    })
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return Map.of("quarkus.rest-client.management.url", "http://127.0.0.1:" + server.actualPort());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the management double", e);
        }
    }

    private static void catalogApi(String id, io.vertx.core.http.HttpServerResponse response) {
        JsonObject entry = CATALOG.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("id").equals(id) && !e.getString("slug").equals("vanishing"))
                .findFirst().orElse(null);
        if (entry == null) {
            response.setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject().put("type", "urn:gatehouse:problem:not-found").put("status", 404)
                            .put("detail", "API " + id + " does not exist").encode());
            return;
        }
        response.putHeader("Content-Type", "application/json")
                .end(entry.copy().put("openapiDocument", DOCUMENTS.get(id)).encode());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
