package io.gatehouse.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The world of the composition, access log, metrics, tracing and 5xx-ejection tests, apart from
 * {@link GatewayWorldResource}'s: a management double serving these APIs, all under plan {@code p-1} of the
 * checkout application ({@link TestKeys#VALID}):
 * <ul>
 *   <li>{@code /composed} → parts {@code a} (absolute, echo "part-a"), {@code b} (relative to the API's target,
 *       echo "part-b") and {@code c} (absolute, an upstream that answers after 3 s, timeout {@value #SLOW_PART_TIMEOUT_MS} ms);</li>
 *   <li>{@code /composed-required} → {@code a} and the slow {@code c}, which is required;</li>
 *   <li>{@code /composed-text} → {@code a} and {@code text}, an upstream answering {@code text/plain};</li>
 *   <li>{@code /echo} → echo "plain", a plain proxy route;</li>
 *   <li>{@code /quiet} → echo "plain" too, of an API whose access log is off ({@code "accessLog": {"enabled": false}});</li>
 *   <li>{@code /sick} → targets {@code t-sick} (a {@link TestUpstreams.Flippable}, answering 503 or 200) and
 *       {@code t-well} (echo "well"); breaker after 2 failures for {@value #SICK_OPEN_MS} ms, no active checks.</li>
 *   <li>{@code /lonely} → only {@code t-lonely} (a {@link TestUpstreams.Flippable} whose answers say
 *       {@value #LONELY_CACHE_CONTROL}), cached; breaker after 2 failures for a minute;</li>
 *   <li>{@code /hanging} → only {@code t-hanging}, the same kind, cached, answer timeout {@value #HANGING_TIMEOUT_MS} ms.</li>
 * </ul>
 */
public class ObservedWorldResource implements QuarkusTestResourceLifecycleManager {

    public static final String COMPOSED_API = "00000000-0000-0000-0000-00000000c001";
    public static final String SICK_API = "00000000-0000-0000-0000-00000000c002";
    public static final String ECHO_API = "00000000-0000-0000-0000-00000000c003";
    public static final String QUIET_API = "00000000-0000-0000-0000-00000000c004";
    public static final int SLOW_PART_TIMEOUT_MS = 800;
    public static final int SICK_OPEN_MS = 1_000;
    public static final String LONELY_API = "00000000-0000-0000-0000-00000000c005";
    public static final String HANGING_API = "00000000-0000-0000-0000-00000000c006";
    public static final String LONELY_CACHE_CONTROL = "max-age=1, stale-if-error=60";
    public static final int HANGING_TIMEOUT_MS = 800;

    private static volatile TestUpstreams.Flippable sick;
    private static volatile TestUpstreams.Flippable lonely;
    private static volatile TestUpstreams.Flippable hanging;
    private Vertx vertx;

    /** The {@code t-sick} target of {@code /sick}. */
    public static TestUpstreams.Flippable sick() {
        return sick;
    }

    /** The only target of {@code /lonely}. */
    public static TestUpstreams.Flippable lonely() {
        return lonely;
    }

    /** The only target of {@code /hanging}. */
    public static TestUpstreams.Flippable hanging() {
        return hanging;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        String partA = url(TestUpstreams.startEcho(vertx, "part-a"));
        String partB = url(TestUpstreams.startEcho(vertx, "part-b"));
        String slow = url(TestUpstreams.startSlow(vertx, 3_000));
        String text = url(vertx.createHttpServer().requestHandler(r -> r.response()
                .putHeader("Content-Type", "text/plain").end("plain words"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join());
        String plain = url(TestUpstreams.startEcho(vertx, "plain"));
        String well = url(TestUpstreams.startEcho(vertx, "well"));
        sick = new TestUpstreams.Flippable(vertx, "sick");
        lonely = new TestUpstreams.Flippable(vertx, "lonely", LONELY_CACHE_CONTROL);
        hanging = new TestUpstreams.Flippable(vertx, "hanging", LONELY_CACHE_CONTROL);

        JsonObject composed = route("r-composed", "/composed", 30_000).put("compose", new JsonObject().put("parts",
                new JsonArray()
                        .add(part("a", partA + "/a?x=1", 5_000, false))
                        .add(part("b", "/b", 5_000, false))
                        .add(part("c", slow + "/c", SLOW_PART_TIMEOUT_MS, false))));
        JsonObject required = route("r-composed-required", "/composed-required", 30_000).put("compose",
                new JsonObject().put("parts", new JsonArray()
                        .add(part("a", partA + "/a", 5_000, false))
                        .add(part("c", slow + "/c", SLOW_PART_TIMEOUT_MS, true))));
        JsonObject textual = route("r-composed-text", "/composed-text", 30_000).put("compose",
                new JsonObject().put("parts", new JsonArray()
                        .add(part("a", partA + "/a", 5_000, false))
                        .add(part("text", text + "/t", 5_000, false))));
        JsonArray apis = new JsonArray()
                .add(api(COMPOSED_API, "composed", List.of(target("t-composed", partB)), composed, required, textual))
                .add(api(ECHO_API, "echo", List.of(target("t-plain", plain)), route("r-echo", "/echo", 30_000)))
                .add(api(QUIET_API, "quiet", List.of(target("t-quiet", plain)), route("r-quiet", "/quiet", 30_000))
                        .put("accessLog", new JsonObject().put("enabled", false)))
                .add(api(SICK_API, "sick", List.of(target("t-sick", sick.url()), target("t-well", well)),
                        route("r-sick", "/sick", 5_000))
                        .put("circuitBreaker", new JsonObject().put("failureThreshold", 2).put("openMs", SICK_OPEN_MS)))
                .add(api(LONELY_API, "lonely", List.of(target("t-lonely", lonely.url())),
                        route("r-lonely", "/lonely", 5_000).put("cache", new JsonObject()))
                        .put("circuitBreaker", new JsonObject().put("failureThreshold", 2).put("openMs", 60_000)))
                .add(api(HANGING_API, "hanging", List.of(target("t-hanging", hanging.url())),
                        route("r-hanging", "/hanging", HANGING_TIMEOUT_MS).put("cache", new JsonObject())));
        JsonArray subscriptions = new JsonArray();
        for (String api : List.of(COMPOSED_API, ECHO_API, SICK_API, QUIET_API, LONELY_API, HANGING_API)) {
            subscriptions.add(new JsonObject().put("id", "s-" + api).put("applicationId", TestSnapshots.CHECKOUT_APP)
                    .put("planId", "p-1").put("apiId", api));
        }
        JsonObject snapshot = new JsonObject()
                .put("version", 1)
                .put("generatedAt", "2026-11-25T11:00:00Z")
                .put("apis", apis)
                .put("plans", new JsonArray().add(new JsonObject().put("id", "p-1").put("apiId", COMPOSED_API)
                        .put("name", "Starter")))
                .put("applications", new JsonArray().add(new JsonObject().put("id", TestSnapshots.CHECKOUT_APP)
                        .put("organizationId", "o-1").put("name", "Checkout")))
                .put("subscriptions", subscriptions)
                .put("keys", new JsonArray().add(new JsonObject().put("id", "k-valid")
                        .put("hash", TestKeys.hash(TestKeys.VALID)).put("prefix", TestKeys.VALID.substring(0, 10))
                        .put("applicationId", TestSnapshots.CHECKOUT_APP).putNull("expiresAt")));
        ManagementDouble management = ManagementDouble.start(vertx, snapshot);
        try {
            Path dataDir = Files.createTempDirectory("gateway-observed");
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

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static JsonObject part(String name, String url, int timeoutMs, boolean required) {
        return new JsonObject().put("name", name).put("method", "GET").put("url", url).put("timeoutMs", timeoutMs)
                .put("required", required);
    }

    private static JsonObject target(String id, String url) {
        return new JsonObject().put("id", id).put("url", url).put("weight", 1);
    }

    private static JsonObject api(String id, String slug, List<JsonObject> targets, JsonObject... routes) {
        return new JsonObject().put("id", id).put("slug", slug).put("name", slug).put("version", "v1")
                .put("lifecycle", "published").putNull("sunsetAt")
                .put("routes", new JsonArray(List.of((Object[]) routes)))
                .put("targets", new JsonArray(List.copyOf(targets)));
    }

    private static JsonObject route(String id, String prefix, int responseTimeoutMs) {
        return new JsonObject().put("id", id).put("pathPrefix", prefix).putNull("host")
                .put("methods", new JsonArray()).put("stripPrefix", true)
                .put("connectTimeoutMs", 1_000).put("responseTimeoutMs", responseTimeoutMs);
    }
}
