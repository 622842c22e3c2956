package io.gatehouse.gateway.support;

import io.gatehouse.gateway.accesslog.AccessLogRule;
import io.gatehouse.gateway.config.ConfigChangeListener;
import io.gatehouse.gateway.config.SnapshotCompiler;
import io.gatehouse.gateway.policy.access.IpAccess;
import io.gatehouse.gateway.policy.auth.ApiAuth;
import io.gatehouse.gateway.policy.cors.CorsRules;
import io.gatehouse.gateway.policy.lifecycle.DeprecationNotice;
import io.gatehouse.gateway.policy.scrub.ScrubbedHeaders;
import io.gatehouse.gateway.proxy.UnsafeHeaders;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.List;

import static io.gatehouse.gateway.support.GatewayWorld.await;
import static io.gatehouse.gateway.support.GatewayWorld.readyVersion;

/**
 * Builds snapshots in the contract's JSON shape, and, inside a {@code @QuarkusTest}, serves them to the running gateway
 * as management does: {@link #awaitLoaded()} before a test, {@link #served()} to start a change from, {@link #push} to
 * serve it and announce it on the config channel. The management double's address, the Redis namespace and the
 * gateway's beans are the running test app's, so a test class needs no fields for them.
 */
public final class TestSnapshots {

    public static final String DEMO_API = "00000000-0000-0000-0000-00000000a001";
    public static final String OTHER_API = "00000000-0000-0000-0000-00000000a002";
    public static final String LIMITED_API = "00000000-0000-0000-0000-00000000a005";
    public static final String QUOTA_API = "00000000-0000-0000-0000-00000000a006";
    public static final String STRICT_API = "00000000-0000-0000-0000-00000000a007";
    public static final String CHECKOUT_APP = "00000000-0000-0000-0000-00000000b001";
    public static final String REPORTING_APP = "00000000-0000-0000-0000-00000000b002";

    private TestSnapshots() {
    }

    /**
     * The world of the integration tests:
     * <ul>
     *   <li>{@code /demo} → echo upstream under {@code /base}, prefix stripped;</li>
     *   <li>{@code /readonly} (GET only), {@code /other} → echo, prefix kept;</li>
     *   <li>{@code /slow} → an upstream slower than the route's 500 ms response timeout;</li>
     *   <li>{@code /refused} → a port nobody listens on;</li>
     *   <li>{@code /limited} → echo under plan {@code p-limited}: 3 requests per minute (exact) and
     *       1,000 per month;</li>
     *   <li>{@code /quota} → echo under plan {@code p-quota}: 2 requests per day, nothing else;</li>
     *   <li>{@code /strict} → echo under plan {@code p-strict}: 1,000 per minute (exact), fail-closed.</li>
     * </ul>
     * Plan {@code p-1} of every other API has no limits.
     */
    public static JsonObject world(long version, String echoUrl, String slowUrl, String refusedUrl) {
        JsonArray apis = new JsonArray()
                .add(api(DEMO_API, "demo", echoUrl + "/base",
                        route("r-demo", "/demo", List.of(), true, 30_000),
                        route("r-readonly", "/readonly", List.of("GET"), false, 30_000)))
                .add(api(OTHER_API, "other", echoUrl, route("r-other", "/other", List.of(), false, 30_000)));
        // Two more APIs for the failure cases, both reachable by the checkout app.
        apis.add(api("00000000-0000-0000-0000-00000000a003", "slow", slowUrl, route("r-slow", "/slow", List.of(), false, 500)));
        apis.add(api("00000000-0000-0000-0000-00000000a004", "refused", refusedUrl,
                route("r-refused", "/refused", List.of(), false, 30_000)));
        JsonArray subscriptions = new JsonArray();
        for (int i = 0; i < apis.size(); i++) {
            String apiId = apis.getJsonObject(i).getString("id");
            subscriptions.add(new JsonObject().put("id", "s-checkout-" + i).put("applicationId", CHECKOUT_APP)
                    .put("planId", "p-1").put("apiId", apiId));
        }
        subscriptions.add(new JsonObject().put("id", "s-reporting").put("applicationId", REPORTING_APP)
                .put("planId", "p-1").put("apiId", OTHER_API));
        apis.add(api(LIMITED_API, "limited", echoUrl, route("r-limited", "/limited", List.of(), true, 30_000)));
        apis.add(api(QUOTA_API, "quota", echoUrl, route("r-quota", "/quota", List.of(), true, 30_000)));
        subscriptions.add(new JsonObject().put("id", "s-checkout-limited").put("applicationId", CHECKOUT_APP)
                .put("planId", "p-limited").put("apiId", LIMITED_API));
        subscriptions.add(new JsonObject().put("id", "s-checkout-quota").put("applicationId", CHECKOUT_APP)
                .put("planId", "p-quota").put("apiId", QUOTA_API));
        apis.add(api(STRICT_API, "strict", echoUrl, route("r-strict", "/strict", List.of(), true, 30_000)));
        subscriptions.add(new JsonObject().put("id", "s-checkout-strict").put("applicationId", CHECKOUT_APP)
                .put("planId", "p-strict").put("apiId", STRICT_API));
        JsonArray plans = new JsonArray()
                .add(new JsonObject().put("id", "p-1").put("apiId", DEMO_API).put("name", "Starter"))
                .add(plan("p-limited", LIMITED_API, "exact", "Europe/Berlin",
                        limit("rate", 3, "minute"), limit("quota", 1000, "month")))
                .add(plan("p-quota", QUOTA_API, "auto", "UTC", limit("quota", 2, "day")))
                .add(plan("p-strict", STRICT_API, "exact", "UTC", limit("rate", 1000, "minute"))
                        .put("degradedMode", "fail-closed"));
        return new JsonObject()
                .put("version", version)
                .put("generatedAt", "2026-11-24T11:00:00Z")
                .put("apis", apis)
                .put("plans", plans)
                .put("applications", new JsonArray()
                        .add(new JsonObject().put("id", CHECKOUT_APP).put("organizationId", "o-1").put("name", "Checkout"))
                        .add(new JsonObject().put("id", REPORTING_APP).put("organizationId", "o-1").put("name", "Reporting")))
                .put("subscriptions", subscriptions)
                .put("keys", new JsonArray()
                        .add(key("k-valid", TestKeys.VALID, CHECKOUT_APP))
                        .add(key("k-other", TestKeys.OTHER_APP, REPORTING_APP))
                        .add(key("k-push", TestKeys.REVOKED_BY_PUSH, CHECKOUT_APP))
                        .add(key("k-drop", TestKeys.REVOKED_AFTER_REDIS_DROP, CHECKOUT_APP))
                        .add(key("k-announce", TestKeys.REVOKED_BY_ANNOUNCEMENT, CHECKOUT_APP))
                        .add(key("k-marker", TestKeys.REVOKED_AS_A_MARKER, CHECKOUT_APP)));
    }

    public static final String HYGIENE_API = "00000000-0000-0000-0000-00000000a010";
    public static final String GUARDED_API = "00000000-0000-0000-0000-00000000a011";
    public static final String NOISY_API = "00000000-0000-0000-0000-00000000a012";
    public static final String PAIR_API = "00000000-0000-0000-0000-00000000a013";
    public static final String FLAKY_API = "00000000-0000-0000-0000-00000000a014";
    public static final String TIGHT_API = "00000000-0000-0000-0000-00000000a015";
    /** The origin {@code /hygiene} allows for CORS. */
    public static final String APP_ORIGIN = "https://app.example";

    /**
     * {@code world} plus the APIs of the HTTP-correctness and resilience tests, all under plan {@code p-1}:
     * <ul>
     *   <li>{@code /hygiene} (GET, POST) → echo: bodies up to 1,024 bytes, header transforms both ways, CORS for
     *       {@link #APP_ORIGIN};</li>
     *   <li>{@code /guarded} → echo, but loopback clients are denied by the API's address list;</li>
     *   <li>{@code /noisy} → an upstream whose response head is larger than the gateway accepts;</li>
     *   <li>{@code /pair} → two targets {@code pair-a} and {@code pair-b}, breaker after 2 failures for 1 s,
     *       health checks every 200 ms;</li>
     *   <li>{@code /flaky} → a refused port and echo, breaker that practically never opens (retries are visible);</li>
     *   <li>{@code /tight} → the slow upstream with a 300 ms response timeout.</li>
     * </ul>
     */
    public static JsonObject withHttpApis(JsonObject world, String echoUrl, String slowUrl, String refusedUrl,
                                          String noisyUrl, String pairAUrl, String pairBUrl) {
        JsonArray apis = world.getJsonArray("apis");
        JsonObject hygieneRoute = route("r-hygiene", "/hygiene", List.of("GET", "POST"), true, 30_000)
                .put("maxRequestBodyBytes", 1024)
                .put("requestHeaders", new JsonObject().put("set", new JsonObject().put("X-Gateway", "gatehouse"))
                        .put("remove", new JsonArray().add("X-Internal")))
                .put("responseHeaders", new JsonObject().put("add", new JsonObject().put("X-Served-By", "gatehouse"))
                        .put("remove", new JsonArray().add("Content-Type")));
        apis.add(api(HYGIENE_API, "hygiene", echoUrl, hygieneRoute)
                .put("cors", new JsonObject().put("allowedOrigins", new JsonArray().add(APP_ORIGIN))
                        .put("allowedMethods", new JsonArray().add("GET").add("POST"))
                        .put("allowedHeaders", new JsonArray().add("Content-Type").add("X-Api-Key"))
                        .put("maxAgeSeconds", 600)));
        apis.add(api(GUARDED_API, "guarded", echoUrl, route("r-guarded", "/guarded", List.of(), true, 30_000))
                .put("ipAccess", new JsonObject().put("deny", new JsonArray().add("127.0.0.0/8").add("::1"))));
        apis.add(api(NOISY_API, "noisy", noisyUrl, route("r-noisy", "/noisy", List.of(), true, 30_000)));
        apis.add(api(PAIR_API, "pair", pairAUrl, route("r-pair", "/pair", List.of(), true, 2_000))
                .put("targets", new JsonArray()
                        .add(new JsonObject().put("id", "t-pair-a").put("url", pairAUrl).put("weight", 1))
                        .add(new JsonObject().put("id", "t-pair-b").put("url", pairBUrl).put("weight", 1)))
                .put("circuitBreaker", new JsonObject().put("failureThreshold", 2).put("openMs", 1_000))
                .put("healthCheck", new JsonObject().put("path", "/health").put("intervalMs", 200).put("timeoutMs", 150)
                        .put("healthyThreshold", 1).put("unhealthyThreshold", 1)));
        apis.add(api(FLAKY_API, "flaky", refusedUrl, route("r-flaky", "/flaky", List.of(), true, 2_000))
                .put("targets", new JsonArray()
                        .add(new JsonObject().put("id", "t-flaky-refused").put("url", refusedUrl).put("weight", 1))
                        .add(new JsonObject().put("id", "t-flaky-echo").put("url", echoUrl).put("weight", 1)))
                .put("circuitBreaker", new JsonObject().put("failureThreshold", 1_000_000).put("openMs", 100)));
        apis.add(api(TIGHT_API, "tight", slowUrl, route("r-tight", "/tight", List.of(), true, 300)));
        JsonArray subscriptions = world.getJsonArray("subscriptions");
        for (String apiId : List.of(HYGIENE_API, GUARDED_API, NOISY_API, PAIR_API, FLAKY_API, TIGHT_API)) {
            subscriptions.add(new JsonObject().put("id", "s-checkout-" + apiId).put("applicationId", CHECKOUT_APP)
                    .put("planId", "p-1").put("apiId", apiId));
        }
        return world;
    }

    public static final String CACHED_API = "00000000-0000-0000-0000-00000000a020";

    /**
     * {@code world} plus one API on the programmable upstream with three cached routes: {@code /cached} (no default
     * TTL: only answers with explicit freshness are stored), {@code /cachedttl} (default TTL 60 s) and
     * {@code /percons} (default TTL 60 s, entries per consumer) and {@code /sharedcache} (default TTL 60 s, shared
     * Redis layer). Both test applications are subscribed.
     */
    public static JsonObject withCachedApis(JsonObject world, String programmableUrl) {
        world.getJsonArray("apis").add(api(CACHED_API, "cached", programmableUrl,
                route("r-cached", "/cached", List.of(), true, 5_000).put("cache", new JsonObject()),
                route("r-cachedttl", "/cachedttl", List.of(), true, 5_000)
                        .put("cache", new JsonObject().put("ttlSeconds", 60)),
                route("r-percons", "/percons", List.of(), true, 5_000)
                        .put("cache", new JsonObject().put("ttlSeconds", 60).put("perConsumer", true)),
                route("r-sharedcache", "/sharedcache", List.of(), true, 5_000)
                        .put("cache", new JsonObject().put("ttlSeconds", 60).put("shared", true))));
        world.getJsonArray("subscriptions")
                .add(new JsonObject().put("id", "s-checkout-cached").put("applicationId", CHECKOUT_APP)
                        .put("planId", "p-1").put("apiId", CACHED_API))
                .add(new JsonObject().put("id", "s-reporting-cached").put("applicationId", REPORTING_APP)
                        .put("planId", "p-1").put("apiId", CACHED_API));
        return world;
    }

    public static final String JWT_API = "00000000-0000-0000-0000-00000000a030";
    public static final String BOTH_API = "00000000-0000-0000-0000-00000000a031";
    public static final String JWT_LIMITED_API = "00000000-0000-0000-0000-00000000a032";
    public static final String DEAD_JWKS_API = "00000000-0000-0000-0000-00000000a033";
    public static final String STALL_JWKS_API = "00000000-0000-0000-0000-00000000a034";
    public static final String CLIENT_ID_API = "00000000-0000-0000-0000-00000000a035";
    /** The OAuth client ids of the test applications, and the audience the token APIs expect. */
    public static final String CHECKOUT_CLIENT = "checkout-client";
    public static final String REPORTING_CLIENT = "reporting-client";
    public static final String AUDIENCE = "gatehouse-tests";

    /**
     * {@code world} plus the bearer token APIs, each trusting {@code issuerUrl}'s {@code /jwks} for the issuer
     * {@link IssuerDouble#ISSUER} and audience {@link #AUDIENCE}; both test applications get an OAuth client id and a
     * subscription to each:
     * <ul>
     *   <li>{@code /jwt} → echo, tokens only; {@code /jwt/orders} requires the scope {@code orders:write};</li>
     *   <li>{@code /both} → echo, keys or tokens;</li>
     *   <li>{@code /jwtlimited} → echo, tokens only, plan {@code p-jwt-limited}: 3 requests per minute (exact);</li>
     *   <li>{@code /jwtclient} → echo, tokens only, the application claim is {@code client_id} (not {@code azp});</li>
     *   <li>{@code /deadjwks} and {@code /stalljwks} → issuers whose JWKS is refused or never answers.</li>
     * </ul>
     */
    public static JsonObject withJwtApis(JsonObject world, String echoUrl, String issuerUrl, String refusedUrl) {
        JsonArray apis = world.getJsonArray("apis");
        apis.add(api(JWT_API, "jwt", echoUrl, route("r-jwt", "/jwt", List.of(), true, 30_000),
                route("r-jwt-orders", "/jwt/orders", List.of(), true, 30_000)
                        .put("requiredScopes", new JsonArray().add("orders:write")))
                .put("auth", auth(false, issuerUrl + "/jwks", null)));
        apis.add(api(BOTH_API, "both", echoUrl, route("r-both", "/both", List.of(), true, 30_000))
                .put("auth", auth(true, issuerUrl + "/jwks", null)));
        apis.add(api(JWT_LIMITED_API, "jwtlimited", echoUrl, route("r-jwtlimited", "/jwtlimited", List.of(), true, 30_000))
                .put("auth", auth(false, issuerUrl + "/jwks", null)));
        apis.add(api(CLIENT_ID_API, "jwtclient", echoUrl, route("r-jwtclient", "/jwtclient", List.of(), true, 30_000))
                .put("auth", auth(false, issuerUrl + "/jwks", "client_id")));
        apis.add(api(DEAD_JWKS_API, "deadjwks", echoUrl, route("r-deadjwks", "/deadjwks", List.of(), true, 30_000))
                .put("auth", auth(false, refusedUrl + "/jwks", null)));
        apis.add(api(STALL_JWKS_API, "stalljwks", echoUrl, route("r-stalljwks", "/stalljwks", List.of(), true, 30_000))
                .put("auth", auth(false, issuerUrl + "/stall", null)));
        world.getJsonArray("plans").add(plan("p-jwt-limited", JWT_LIMITED_API, "exact", "UTC", limit("rate", 3, "minute")));
        JsonArray subscriptions = world.getJsonArray("subscriptions");
        for (String apiId : List.of(JWT_API, BOTH_API, JWT_LIMITED_API, CLIENT_ID_API, DEAD_JWKS_API, STALL_JWKS_API)) {
            String plan = apiId.equals(JWT_LIMITED_API) ? "p-jwt-limited" : "p-1";
            subscriptions.add(new JsonObject().put("id", "s-checkout-" + apiId).put("applicationId", CHECKOUT_APP)
                    .put("planId", plan).put("apiId", apiId));
            subscriptions.add(new JsonObject().put("id", "s-reporting-" + apiId).put("applicationId", REPORTING_APP)
                    .put("planId", plan).put("apiId", apiId));
        }
        for (Object a : world.getJsonArray("applications")) {
            JsonObject app = (JsonObject) a;
            app.put("oauthClientId", CHECKOUT_APP.equals(app.getString("id")) ? CHECKOUT_CLIENT : REPORTING_CLIENT);
        }
        return world;
    }

    private static JsonObject auth(boolean apiKeys, String jwksUrl, String applicationClaim) {
        JsonObject jwt = new JsonObject().put("issuer", IssuerDouble.ISSUER).put("jwksUrl", jwksUrl)
                .put("audiences", new JsonArray().add(AUDIENCE));
        if (applicationClaim != null) {
            jwt.put("applicationClaim", applicationClaim);
        }
        return new JsonObject().put("apiKeys", apiKeys).put("jwt", jwt);
    }

    public static final String ROUTING_API = "00000000-0000-0000-0000-00000000a050";

    /**
     * {@code world} plus an API with two routes on one prefix, both to the echo upstream under {@code /base}, and a
     * checkout subscription to it:
     * <ul>
     *   <li>{@code r-routing-beta}: {@code /routing} with {@code X-Variant: beta}, position 0, rewriting
     *       {@code /items/<n>} to {@code /v2/items/<n>};</li>
     *   <li>{@code r-routing}: {@code /routing}, position 1, prefix stripped.</li>
     * </ul>
     */
    public static JsonObject withRoutingApi(JsonObject world, String echoUrl) {
        world.getJsonArray("apis").add(api(ROUTING_API, "routing", echoUrl + "/base",
                route("r-routing-beta", "/routing", List.of(), false, 30_000).put("position", 0)
                        .put("headers", new JsonArray().add(new JsonObject().put("name", "X-Variant").put("value", "beta")))
                        .put("rewrite", new JsonObject().put("pattern", "/items/(\\d+)").put("replacement", "/v2/items/$1")),
                route("r-routing", "/routing", List.of(), true, 30_000).put("position", 1)));
        world.getJsonArray("subscriptions").add(new JsonObject().put("id", "s-checkout-routing")
                .put("applicationId", CHECKOUT_APP).put("planId", "p-1").put("apiId", ROUTING_API));
        return world;
    }

    public static final String EDGE_API = "00000000-0000-0000-0000-00000000a060";

    /**
     * {@code world} plus an API on a {@link RawUpstream} that counts what it receives: {@code /edge} (any method,
     * prefix stripped, bodies up to 1,024 bytes), with a checkout subscription to it.
     */
    public static JsonObject withEdgeApi(JsonObject world, String rawUrl) {
        world.getJsonArray("apis").add(api(EDGE_API, "edge", rawUrl,
                route("r-edge", "/edge", List.of(), true, 5_000).put("maxRequestBodyBytes", 1024)));
        world.getJsonArray("subscriptions").add(new JsonObject().put("id", "s-checkout-edge")
                .put("applicationId", CHECKOUT_APP).put("planId", "p-1").put("apiId", EDGE_API));
        return world;
    }

    public static final String UNSAFE_API = "00000000-0000-0000-0000-00000000a070";

    /**
     * {@code world} plus an API that opts in to forwarding unsafe headers ({@code forwardUnsafeHeaders: true}) and out
     * of scrubbing response headers ({@code scrubHeaders: []}): {@code /unsafe} to the echo upstream, prefix stripped,
     * with a checkout subscription to it.
     */
    public static JsonObject withUnsafeHeadersApi(JsonObject world, String echoUrl) {
        world.getJsonArray("apis").add(api(UNSAFE_API, "unsafe", echoUrl,
                route("r-unsafe", "/unsafe", List.of(), true, 30_000)).put("forwardUnsafeHeaders", true)
                .put("scrubHeaders", new JsonArray()));
        world.getJsonArray("subscriptions").add(new JsonObject().put("id", "s-checkout-unsafe")
                .put("applicationId", CHECKOUT_APP).put("planId", "p-1").put("apiId", UNSAFE_API));
        return world;
    }

    public static final String PRODUCT_A_API = "00000000-0000-0000-0000-00000000a080";
    public static final String PRODUCT_B_API = "00000000-0000-0000-0000-00000000a081";
    public static final String LEGACY_API = "00000000-0000-0000-0000-00000000a082";
    public static final String PARTNER_APP = "00000000-0000-0000-0000-00000000b003";
    public static final String METERED_PARTNER_APP = "00000000-0000-0000-0000-00000000b004";
    public static final String NARROWED_PARTNER_APP = "00000000-0000-0000-0000-00000000b005";

    /**
     * {@code world} plus API products (issue 17, item 1), all on the echo upstream with the prefix kept:
     * <ul>
     *   <li>APIs {@code /product-a} (route {@code r-product-a}), {@code /product-b/items} and {@code /product-b/admin}
     *       (routes {@code r-product-b-items} and {@code r-product-b-admin} of one API), {@code /product-legacy};</li>
     *   <li>app "partner" ({@link TestKeys#PARTNER}): {@code s-partner-bundle} under plan {@code p-bundle} of product
     *       {@code prod-bundle} grants {@code /product-a} whole and of the second API only {@code r-product-b-items},
     *       only GET; {@code s-partner-legacy} is a one-API subscription without grants, to {@code /product-legacy};</li>
     *   <li>app "metered partner" ({@link TestKeys#METERED_PARTNER}): {@code s-metered-bundle} under plan
     *       {@code p-bundle-metered} (3 requests a minute, exact) grants both product APIs whole;</li>
     *   <li>app "narrowed partner" ({@link TestKeys#NARROWED_PARTNER}): {@code s-narrowed-bundle} under
     *       {@code p-bundle} grants both product APIs whole, until a test narrows it.</li>
     * </ul>
     */
    public static JsonObject withProductApis(JsonObject world, String echoUrl) {
        world.getJsonArray("apis")
                .add(api(PRODUCT_A_API, "product-a", echoUrl, route("r-product-a", "/product-a", List.of(), false, 30_000)))
                .add(api(PRODUCT_B_API, "product-b", echoUrl,
                        route("r-product-b-items", "/product-b/items", List.of(), false, 30_000),
                        route("r-product-b-admin", "/product-b/admin", List.of(), false, 30_000)))
                .add(api(LEGACY_API, "product-legacy", echoUrl,
                        route("r-product-legacy", "/product-legacy", List.of(), false, 30_000)));
        world.getJsonArray("plans")
                .add(plan("p-bundle", null, "auto", "UTC").put("productId", "prod-bundle"))
                .add(plan("p-bundle-metered", null, "exact", "UTC", limit("rate", 3, "minute"))
                        .put("productId", "prod-metered"));
        world.getJsonArray("applications")
                .add(new JsonObject().put("id", PARTNER_APP).put("organizationId", "o-2").put("name", "Partner"))
                .add(new JsonObject().put("id", METERED_PARTNER_APP).put("organizationId", "o-2").put("name", "Metered"))
                .add(new JsonObject().put("id", NARROWED_PARTNER_APP).put("organizationId", "o-2").put("name", "Narrowed"));
        world.getJsonArray("subscriptions")
                .add(productSubscription("s-partner-bundle", PARTNER_APP, "p-bundle", grant(PRODUCT_A_API, null, null),
                        grant(PRODUCT_B_API, List.of("r-product-b-items"), List.of("GET"))))
                .add(new JsonObject().put("id", "s-partner-legacy").put("applicationId", PARTNER_APP)
                        .put("planId", "p-1").put("apiId", LEGACY_API))
                .add(productSubscription("s-metered-bundle", METERED_PARTNER_APP, "p-bundle-metered",
                        grant(PRODUCT_A_API, null, null), grant(PRODUCT_B_API, List.of(), List.of())))
                .add(productSubscription("s-narrowed-bundle", NARROWED_PARTNER_APP, "p-bundle",
                        grant(PRODUCT_A_API, null, null), grant(PRODUCT_B_API, null, null)));
        world.getJsonArray("keys")
                .add(key("k-partner", TestKeys.PARTNER, PARTNER_APP))
                .add(key("k-metered-partner", TestKeys.METERED_PARTNER, METERED_PARTNER_APP))
                .add(key("k-narrowed-partner", TestKeys.NARROWED_PARTNER, NARROWED_PARTNER_APP));
        return world;
    }

    /** A subscription to a product's plan, as management sends it: no single API, the product's grants. */
    public static JsonObject productSubscription(String id, String applicationId, String planId, JsonObject... grants) {
        return new JsonObject().put("id", id).put("applicationId", applicationId).put("planId", planId).putNull("apiId")
                .put("grants", new JsonArray(List.of((Object[]) grants)));
    }

    /** A grant of one API; {@code null} lists are left out (every route, every method). */
    public static JsonObject grant(String apiId, List<String> routeIds, List<String> methods) {
        JsonObject grant = new JsonObject().put("apiId", apiId);
        if (routeIds != null) {
            grant.put("routeIds", new JsonArray(routeIds));
        }
        if (methods != null) {
            grant.put("methods", new JsonArray(methods));
        }
        return grant;
    }

    /** A copy of {@code snapshot} one version later in which the API {@code apiId} has {@code route} as well. */
    public static JsonObject withRoute(JsonObject snapshot, String apiId, JsonObject route) {
        JsonObject next = snapshot.copy();
        for (Object a : next.getJsonArray("apis")) {
            JsonObject api = (JsonObject) a;
            if (apiId.equals(api.getString("id"))) {
                api.getJsonArray("routes").add(route);
            }
        }
        return next.put("version", snapshot.getLong("version") + 1);
    }

    /** A copy of {@code snapshot} one version later without the given key: what management sends after a revocation. */
    public static JsonObject withoutKey(JsonObject snapshot, String key) {
        JsonObject next = snapshot.copy();
        String hash = TestKeys.hash(key);
        JsonArray keys = new JsonArray();
        for (Object k : next.getJsonArray("keys")) {
            if (!hash.equals(((JsonObject) k).getString("hash"))) {
                keys.add(k);
            }
        }
        return next.put("keys", keys).put("version", snapshot.getLong("version") + 1);
    }

    // ---- in a running test app ----

    /** Waits until the gateway is ready with a config (20 s at most): what every test against the world starts with. */
    public static void awaitLoaded() {
        await(Duration.ofSeconds(20), "the gateway to load a config", () -> readyVersion() >= 1);
    }

    /** {@link #awaitLoaded()}, then until the gateway listens for config changes (10 s more at most). */
    public static void awaitLoadedAndSubscribed() {
        awaitLoaded();
        ConfigChangeListener listener = Arc.container().instance(ConfigChangeListener.class).get();
        await(Duration.ofSeconds(10), "the change subscription", listener::subscribed);
    }

    /** The snapshot the management double serves now. */
    public static JsonObject served() {
        return GatewayWorld.currentSnapshot(managementUrl());
    }

    /** Serves {@code snapshot} at the management double without announcing it (management catching up, say). */
    public static void serve(JsonObject snapshot) {
        GatewayWorld.serveSnapshot(managementUrl(), snapshot);
    }

    /**
     * Serves {@code snapshot} at the management double and announces its version on the config channel, as management
     * does after a change; returns the version. The gateway applies it shortly after (the test awaits what it needs).
     */
    public static long push(JsonObject snapshot) {
        serve(snapshot);
        long version = snapshot.getLong("version");
        announce(String.valueOf(version));
        return version;
    }

    /** Publishes {@code message} on the config channel as it is: a bare version, or an announcement in JSON. */
    public static void announce(String message) {
        String namespace = ConfigProvider.getConfig().getValue("gatehouse.redis-namespace", String.class);
        Arc.container().instance(RedisDataSource.class).get().pubsub(String.class)
                .publish(namespace + ":config:changed", message);
    }

    private static String managementUrl() {
        return ConfigProvider.getConfig().getValue("gatehouse.management-url", String.class);
    }

    private static JsonObject api(String id, String slug, String targetUrl, JsonObject... routes) {
        return new JsonObject().put("id", id).put("slug", slug).put("name", slug).put("version", "v1")
                .put("lifecycle", "published").putNull("sunsetAt")
                .put("routes", new JsonArray(List.of((Object[]) routes)))
                .put("targets", new JsonArray().add(new JsonObject().put("id", "t-" + slug).put("url", targetUrl).put("weight", 1)));
    }

    private static JsonObject route(String id, String prefix, List<String> methods, boolean strip, int responseTimeoutMs) {
        return new JsonObject().put("id", id).put("pathPrefix", prefix).putNull("host")
                .put("methods", new JsonArray(methods)).put("stripPrefix", strip)
                .put("connectTimeoutMs", 1_000).put("responseTimeoutMs", responseTimeoutMs);
    }

    private static JsonObject plan(String id, String apiId, String mode, String zone, JsonObject... limits) {
        return new JsonObject().put("id", id).put("apiId", apiId).put("name", id).put("limitKey", "subscription")
                .put("limitMode", mode).put("degradedMode", "fail-open").put("timeZone", zone)
                .put("limits", new JsonArray(List.of((Object[]) limits)));
    }

    private static JsonObject limit(String kind, long max, String unit) {
        return new JsonObject().put("kind", kind).put("maxRequests", max).put("timeUnit", unit);
    }

    private static JsonObject key(String id, String key, String applicationId) {
        return new JsonObject().put("id", id).put("hash", TestKeys.hash(key)).put("prefix", key.substring(0, 10))
                .put("applicationId", applicationId).putNull("expiresAt");
    }

    /**
     * A snapshot compiler with every per-API option the gateway compiles (what {@code GatewayWiring.snapshotCompiler}
     * collects from the policy chain, the proxy, the upstream health and the access log), for tests without Quarkus.
     * {@code SnapshotCompilerWiringTest} checks that the two agree.
     */
    public static SnapshotCompiler compiler() {
        return new SnapshotCompiler(List.of(CorsRules.OPTION, IpAccess.OPTION, DeprecationNotice.OPTION, ApiAuth.OPTION,
                ScrubbedHeaders.OPTION, ResilienceSettings.OPTION, UnsafeHeaders.FORWARD, AccessLogRule.OPTION));
    }
}
