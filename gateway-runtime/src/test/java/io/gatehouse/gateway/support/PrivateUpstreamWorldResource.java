package io.gatehouse.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upstreams on loopback, for a gateway that may not reach private addresses: {@code /literal} → a target at
 * {@code 127.0.0.1}, {@code /named} → the same upstream as {@code localhost}, {@code /composed} → a composition whose
 * part is at {@code 127.0.0.1}, {@code /checked} → an API whose target at {@code 127.0.0.1} is health-checked every
 * 200 ms, {@code /tokened} → an API that takes bearer tokens only, with its JWKS URL at {@code 127.0.0.1}. The
 * upstream counts the requests that reach it (proxied calls, parts, health checks and JWKS fetches alike).
 */
public class PrivateUpstreamWorldResource implements QuarkusTestResourceLifecycleManager {

    public static final String API = "00000000-0000-0000-0000-00000000d001";
    public static final String CHECKED_API = "00000000-0000-0000-0000-00000000d003";
    public static final String TOKENED_API = "00000000-0000-0000-0000-00000000d004";
    private static final AtomicInteger REACHED = new AtomicInteger();
    private Vertx vertx;

    /** Requests that reached the loopback upstream. */
    public static int reached() {
        return REACHED.get();
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = vertx.createHttpServer().requestHandler(r -> {
                    REACHED.incrementAndGet();
                    r.response().putHeader("Content-Type", "application/json").end("{}");
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
        JsonObject composed = route("r-composed", "/composed").put("compose", new JsonObject().put("parts",
                new JsonArray().add(new JsonObject().put("name", "a").put("method", "GET")
                        .put("url", "http://127.0.0.1:" + port + "/a").put("timeoutMs", 2_000).put("required", true))));
        JsonObject api = new JsonObject().put("id", API).put("slug", "loop").put("name", "loop").put("version", "v1")
                .put("lifecycle", "published").putNull("sunsetAt")
                .put("routes", new JsonArray().add(route("r-literal", "/literal")).add(composed))
                .put("targets", new JsonArray().add(new JsonObject().put("id", "t-literal")
                        .put("url", "http://127.0.0.1:" + port).put("weight", 1)));
        String namedApi = "00000000-0000-0000-0000-00000000d002";
        JsonObject named = new JsonObject().put("id", namedApi).put("slug", "named").put("name", "named")
                .put("version", "v1").put("lifecycle", "published").putNull("sunsetAt")
                .put("routes", new JsonArray().add(route("r-named", "/named")))
                .put("targets", new JsonArray().add(new JsonObject().put("id", "t-named")
                        .put("url", "http://localhost:" + port).put("weight", 1)));
        JsonObject checked = new JsonObject().put("id", CHECKED_API).put("slug", "checked").put("name", "checked")
                .put("version", "v1").put("lifecycle", "published").putNull("sunsetAt")
                .put("routes", new JsonArray().add(route("r-checked", "/checked")))
                .put("targets", new JsonArray().add(new JsonObject().put("id", "t-checked")
                        .put("url", "http://127.0.0.1:" + port).put("weight", 1)))
                .put("healthCheck", new JsonObject().put("path", "/health").put("intervalMs", 200)
                        .put("timeoutMs", 500));
        JsonObject tokened = new JsonObject().put("id", TOKENED_API).put("slug", "tokened").put("name", "tokened")
                .put("version", "v1").put("lifecycle", "published").putNull("sunsetAt")
                .put("routes", new JsonArray().add(route("r-tokened", "/tokened")))
                .put("targets", new JsonArray().add(new JsonObject().put("id", "t-tokened")
                        .put("url", "http://127.0.0.1:" + port).put("weight", 1)))
                .put("auth", new JsonObject().put("apiKeys", false).put("jwt", new JsonObject()
                        .put("issuer", IssuerDouble.ISSUER).put("jwksUrl", "http://127.0.0.1:" + port + "/jwks")
                        .put("audiences", new JsonArray().add(TestSnapshots.AUDIENCE))));
        JsonArray subscriptions = new JsonArray();
        for (String id : List.of(API, namedApi, CHECKED_API, TOKENED_API)) {
            subscriptions.add(new JsonObject().put("id", "s-" + id).put("applicationId", TestSnapshots.CHECKOUT_APP)
                    .put("planId", "p-1").put("apiId", id));
        }
        JsonObject snapshot = new JsonObject()
                .put("version", 1)
                .put("generatedAt", "2026-12-06T01:00:00Z")
                .put("apis", new JsonArray().add(api).add(named).add(checked).add(tokened))
                .put("plans", new JsonArray().add(new JsonObject().put("id", "p-1").put("apiId", API).put("name", "Starter")))
                .put("applications", new JsonArray().add(new JsonObject().put("id", TestSnapshots.CHECKOUT_APP)
                        .put("organizationId", "o-1").put("name", "Checkout")))
                .put("subscriptions", subscriptions)
                .put("keys", new JsonArray().add(new JsonObject().put("id", "k-valid")
                        .put("hash", TestKeys.hash(TestKeys.VALID)).put("prefix", TestKeys.VALID.substring(0, 10))
                        .put("applicationId", TestSnapshots.CHECKOUT_APP).putNull("expiresAt")));
        ManagementDouble management = ManagementDouble.start(vertx, snapshot);
        try {
            Path dataDir = Files.createTempDirectory("gateway-private-upstream");
            return Map.of("gatehouse.management-url", management.url(), "gatehouse.gateway.data-dir", dataDir.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static JsonObject route(String id, String prefix) {
        return new JsonObject().put("id", id).put("pathPrefix", prefix).putNull("host")
                .put("methods", new JsonArray()).put("stripPrefix", true)
                .put("connectTimeoutMs", 1_000).put("responseTimeoutMs", 5_000);
    }
}
