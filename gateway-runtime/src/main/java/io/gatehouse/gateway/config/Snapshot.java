package io.gatehouse.gateway.config;

import java.time.Instant;
import java.util.List;

/**
 * The config snapshot as management sends it (see {@code docs/gateway-config-snapshot.md}).
 * A plain data carrier: validated and turned into a {@link CompiledConfig} by {@link SnapshotCompiler}.
 */
public record Snapshot(Long version, Instant generatedAt, List<Api> apis, List<Plan> plans,
                       List<Application> applications, List<SubscriptionEntry> subscriptions, List<KeyEntry> keys) {

    /**
     * An API. {@code cors}, {@code ipAccess}, {@code healthCheck}, {@code circuitBreaker},
     * {@code forwardUnsafeHeaders} (default false) and {@code accessLog} (default: every request) are optional
     * (absent = off / defaults); see {@code docs/gateway-config-snapshot.md}. {@code scrubHeaders} names the response
     * headers the API's answers go out without (absent: {@code Server} and {@code X-Powered-By}; empty: none).
     */
    public record Api(String id, String slug, String name, String version, String lifecycle, Instant sunsetAt,
                      List<RouteEntry> routes, List<TargetEntry> targets, Cors cors, IpAccess ipAccess,
                      HealthCheck healthCheck, CircuitBreaker circuitBreaker, Instant deprecatedAt, Auth auth,
                      Boolean forwardUnsafeHeaders, AccessLog accessLog, List<String> scrubHeaders) {

        public Api(String id, String slug, String name, String version, String lifecycle, Instant sunsetAt,
                   List<RouteEntry> routes, List<TargetEntry> targets) {
            this(id, slug, name, version, lifecycle, sunsetAt, routes, targets, null, null, null, null, null, null, null,
                    null, null);
        }

        public Api(String id, String slug, String name, String version, String lifecycle, Instant sunsetAt,
                   List<RouteEntry> routes, List<TargetEntry> targets, Cors cors, IpAccess ipAccess,
                   HealthCheck healthCheck, CircuitBreaker circuitBreaker, Instant deprecatedAt, Auth auth,
                   Boolean forwardUnsafeHeaders) {
            this(id, slug, name, version, lifecycle, sunsetAt, routes, targets, cors, ipAccess, healthCheck,
                    circuitBreaker, deprecatedAt, auth, forwardUnsafeHeaders, null, null);
        }
    }

    /**
     * The access log of an API: {@code enabled} (default true; false writes no line, errors included) and
     * {@code sampleRate} (0 to 1, default 1: the share of requests logged; answers of 500 and above always are).
     */
    public record AccessLog(Boolean enabled, Double sampleRate) {
    }

    /** Which credentials an API accepts: API keys (default true) and/or bearer tokens checked by {@code jwt}. */
    public record Auth(Boolean apiKeys, Jwt jwt) {
    }

    /** How bearer tokens of an API are checked. */
    public record Jwt(String issuer, String jwksUrl, List<String> audiences, String applicationClaim,
                      Integer clockSkewSeconds) {
    }

    /**
     * A route. {@code maxRequestBodyBytes}, {@code requestHeaders}, {@code responseHeaders}, {@code maxRetries},
     * {@code cache}, {@code compose} and {@code requiredScopes} are optional.
     */
    public record RouteEntry(String id, String pathPrefix, String host, List<String> methods, Boolean stripPrefix,
                             Integer connectTimeoutMs, Integer responseTimeoutMs, Long maxRequestBodyBytes,
                             HeaderEdits requestHeaders, HeaderEdits responseHeaders, Integer maxRetries,
                             RouteCache cache, Compose compose, List<String> requiredScopes,
                             Integer position, List<HeaderMatch> headers, Rewrite rewrite) {

        public RouteEntry(String id, String pathPrefix, String host, List<String> methods, Boolean stripPrefix,
                          Integer connectTimeoutMs, Integer responseTimeoutMs) {
            this(id, pathPrefix, host, methods, stripPrefix, connectTimeoutMs, responseTimeoutMs, null, null, null, null,
                    null, null, null, null, null, null);
        }
    }

    /** A header condition of a route: the header is present ({@code value} null) or has exactly {@code value}. */
    public record HeaderMatch(String name, String value) {
    }

    /** A route's path rewrite: a Java regex the path after the prefix must match in full, and its replacement. */
    public record Rewrite(String pattern, String replacement) {
    }

    /** A composition route: its answer is merged from the JSON of several upstream calls. */
    public record Compose(List<ComposePart> parts, Long maxPartBytes) {
    }

    /**
     * One part of a composition: {@code url} absolute ({@code http://host/path}) or a path relative to the API's
     * targets; {@code method} only GET; {@code timeoutMs} default the route's response timeout; {@code required}
     * default false.
     */
    public record ComposePart(String name, String method, String url, Integer timeoutMs, Boolean required) {
    }

    /**
     * A route's response cache: default TTL for answers without freshness, per consumer or shared, entry size cap,
     * and whether the shared Redis layer is used too.
     */
    public record RouteCache(Long ttlSeconds, Boolean perConsumer, Long maxEntryBytes, Boolean shared,
                             Boolean storeSetCookie) {

        public RouteCache(Long ttlSeconds, Boolean perConsumer, Long maxEntryBytes) {
            this(ttlSeconds, perConsumer, maxEntryBytes, null, null);
        }

        public RouteCache(Long ttlSeconds, Boolean perConsumer, Long maxEntryBytes, Boolean shared) {
            this(ttlSeconds, perConsumer, maxEntryBytes, shared, null);
        }
    }

    /** Header edits of one direction: applied as remove, then set, then add. */
    public record HeaderEdits(List<String> remove, java.util.Map<String, String> set, java.util.Map<String, String> add) {
    }

    /** CORS of an API; origins are exact ({@code https://app.example}) or {@code *}. */
    public record Cors(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                       List<String> exposedHeaders, Boolean allowCredentials, Integer maxAgeSeconds) {
    }

    /** Client address lists of an API, CIDR blocks; deny wins, and a non-empty allow list admits only its blocks. */
    public record IpAccess(List<String> allow, List<String> deny) {
    }

    /** Active health checks of an API's targets. */
    public record HealthCheck(String path, Integer intervalMs, Integer timeoutMs, Integer healthyThreshold,
                              Integer unhealthyThreshold) {
    }

    /**
     * Passive ejection / circuit breaker of each target of an API; {@code failureStatuses} are the upstream answer
     * statuses that count as failures (absent: 502, 503, 504; empty: only transport failures count).
     */
    public record CircuitBreaker(Integer failureThreshold, Integer openMs, List<Integer> failureStatuses) {

        public CircuitBreaker(Integer failureThreshold, Integer openMs) {
            this(failureThreshold, openMs, null);
        }
    }

    public record TargetEntry(String id, String url, Integer weight) {
    }

    /**
     * A plan. {@code productId} names the API product the plan belongs to; {@code apiId} is its one API, or
     * {@code null} for a plan of a product of several APIs (what a subscription grants is on the subscription). The
     * gateway enforces neither: both are kept for the digest and the disk copy.
     */
    public record Plan(String id, String apiId, String name, String limitKey, String limitMode, String degradedMode,
                       String timeZone, List<LimitEntry> limits, String productId) {

        public Plan(String id, String apiId, String name, String limitKey, String limitMode, String degradedMode,
                    String timeZone, List<LimitEntry> limits) {
            this(id, apiId, name, limitKey, limitMode, degradedMode, timeZone, limits, null);
        }
    }

    public record LimitEntry(String kind, Long maxRequests, String timeUnit) {
    }

    /** An application; {@code oauthClientId} is what a bearer token's application claim names, or null. */
    public record Application(String id, String organizationId, String name, String oauthClientId) {
    }

    /**
     * A subscription. Without {@code grants} (a management from before products) it grants its {@code apiId} whole;
     * with {@code grants} those are what it grants, and {@code apiId} is informative (may be {@code null}).
     */
    public record SubscriptionEntry(String id, String applicationId, String planId, String apiId, List<Grant> grants) {

        public SubscriptionEntry(String id, String applicationId, String planId, String apiId) {
            this(id, applicationId, planId, apiId, null);
        }
    }

    /**
     * What a subscription grants of one API: {@code routeIds} (absent or empty: every route of the API) and
     * {@code methods} (absent or empty: every method), both from the plan's product.
     */
    public record Grant(String apiId, List<String> routeIds, List<String> methods) {
    }

    public record KeyEntry(String id, String hash, String prefix, String applicationId, Instant expiresAt) {
    }
}
