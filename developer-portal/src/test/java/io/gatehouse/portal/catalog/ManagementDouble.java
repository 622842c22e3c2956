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
                    .put("name", "Payments").put("version", "v2").put("description",
                            "Charge cards & refund them. Try the **demo echo** or [write to us](mailto:api@example.com).")
                    .put("lifecycle", "published"))
            .add(new JsonObject().put("id", "0b1f3c8e-2d4a-4e9b-8c6d-7a5e4f3b2c1d").put("slug", "ledger")
                    .put("name", "Ledger <script>alert(1)</script>").put("version", "v1")
                    .put("description",
                            "Old books. [x](javascript:alert(1)) <script>alert(2)</script>").put("lifecycle", "deprecated"))
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

    /** The guides of "payments": one harmless, one hostile; management serves them only for visible APIs. */
    public static final String PAYMENTS_ID = "3f7c2a52-5a0e-4c55-9f53-2f7c6b0d9a11";
    static final JsonArray PAYMENTS_GUIDES = new JsonArray()
            .add(new JsonObject().put("slug", "getting-started").put("title", "Getting started"))
            .add(new JsonObject().put("slug", "hostile").put("title", "Hostile <b>guide</b>"));
    static final Map<String, String> GUIDE_MARKDOWN = Map.of(
            "getting-started", """
                    # Getting started

                    Create an **application**, subscribe it and [read the reference](https://example.com/ref).

                    ## Errors

                    Every error is `application/problem+json`.
                    """,
            "hostile", """
                    ## Careful

                    <script>alert('guide')</script>

                    <img src=x onerror="alert('img')">

                    [click me](javascript:alert('link'))

                    <a href="javascript:alert('raw')" onmouseover="alert('over')">raw link</a>
                    """);
    /** Developer session tokens the double's {@code GET /developer/v1/me} accepts start with this. */
    public static final String SESSION_PREFIX = "gds_double_";

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
                        } else if (req.path().equals("/developer/v1/catalog/tags")) {
                            req.response().putHeader("Content-Type", "application/json").end(new JsonArray().encode());
                        } else if (req.path().matches("/developer/v1/catalog/[^/]+/guides/[^/]+")) {
                            String[] parts = req.path().split("/");
                            guide(parts[4], parts[6], req.response());
                        } else if (req.path().startsWith("/developer/v1/catalog/")) {
                            catalogApi(req.path().substring("/developer/v1/catalog/".length()), req.response());
                        } else if (req.path().equals("/developer/v1/me")) {
                            me(req.getHeader("Authorization"), req.response());
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
                .end(entry.copy().put("openapiDocument", DOCUMENTS.get(id))
                        .put("routePath", "/" + entry.getString("slug")).putNull("routeHost")
                        .put("guides", id.equals(PAYMENTS_ID) ? PAYMENTS_GUIDES : new JsonArray()).encode());
    }

    private static void guide(String id, String slug, io.vertx.core.http.HttpServerResponse response) {
        String markdown = id.equals(PAYMENTS_ID) ? GUIDE_MARKDOWN.get(slug) : null;
        if (markdown == null) {
            notFound(response, "Guide " + slug + " does not exist");
            return;
        }
        String title = PAYMENTS_GUIDES.stream().map(JsonObject.class::cast).filter(g -> g.getString("slug").equals(slug))
                .findFirst().orElseThrow().getString("title");
        response.putHeader("Content-Type", "application/json").end(new JsonObject().put("slug", slug).put("title", title)
                .put("markdown", markdown).put("updatedAt", "2026-11-20T10:00:00Z").encode());
    }

    /** A signed-in partner for tokens with {@link #SESSION_PREFIX}; 401 for anything else, as management does. */
    private static void me(String authorization, io.vertx.core.http.HttpServerResponse response) {
        if (authorization == null || !authorization.startsWith("Bearer " + SESSION_PREFIX)) {
            response.setStatusCode(401).putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject().put("type", "urn:gatehouse:problem:unauthenticated").put("status", 401)
                            .put("detail", "Authentication is required").encode());
            return;
        }
        response.putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("user", new JsonObject().put("id", "6e0f6f7e-1b44-4d2c-9a0e-3c1f2b4a5d6e").put("name", "Dora")
                        .put("email", "dora@example.com").put("emailVerified", true).put("role", "owner"))
                .put("organization", new JsonObject().put("id", "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
                        .put("name", "Dora's").put("status", "active")).encode());
    }

    private static void notFound(io.vertx.core.http.HttpServerResponse response, String detail) {
        response.setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "urn:gatehouse:problem:not-found").put("status", 404)
                        .put("detail", detail).encode());
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
