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
     * An API. {@code cors}, {@code ipAccess}, {@code healthCheck} and {@code circuitBreaker} are optional
     * (absent = off / defaults); see {@code docs/gateway-config-snapshot.md}.
     */
    public record Api(String id, String slug, String name, String version, String lifecycle, Instant sunsetAt,
                      List<RouteEntry> routes, List<TargetEntry> targets, Cors cors, IpAccess ipAccess,
                      HealthCheck healthCheck, CircuitBreaker circuitBreaker, Instant deprecatedAt) {

        public Api(String id, String slug, String name, String version, String lifecycle, Instant sunsetAt,
                   List<RouteEntry> routes, List<TargetEntry> targets) {
            this(id, slug, name, version, lifecycle, sunsetAt, routes, targets, null, null, null, null, null);
        }
    }

    /**
     * A route. {@code maxRequestBodyBytes}, {@code requestHeaders}, {@code responseHeaders}, {@code maxRetries}
     * and {@code cache} are optional.
     */
    public record RouteEntry(String id, String pathPrefix, String host, List<String> methods, Boolean stripPrefix,
                             Integer connectTimeoutMs, Integer responseTimeoutMs, Long maxRequestBodyBytes,
                             HeaderEdits requestHeaders, HeaderEdits responseHeaders, Integer maxRetries,
                             RouteCache cache) {

        public RouteEntry(String id, String pathPrefix, String host, List<String> methods, Boolean stripPrefix,
                          Integer connectTimeoutMs, Integer responseTimeoutMs) {
            this(id, pathPrefix, host, methods, stripPrefix, connectTimeoutMs, responseTimeoutMs, null, null, null, null,
                    null);
        }
    }

    /**
     * A route's response cache: default TTL for answers without freshness, per consumer or shared, entry size cap,
     * and whether the shared Redis layer is used too.
     */
    public record RouteCache(Long ttlSeconds, Boolean perConsumer, Long maxEntryBytes, Boolean shared) {

        public RouteCache(Long ttlSeconds, Boolean perConsumer, Long maxEntryBytes) {
            this(ttlSeconds, perConsumer, maxEntryBytes, null);
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

    /** Passive ejection / circuit breaker of each target of an API. */
    public record CircuitBreaker(Integer failureThreshold, Integer openMs) {
    }

    public record TargetEntry(String id, String url, Integer weight) {
    }

    public record Plan(String id, String apiId, String name, String limitKey, String limitMode, String degradedMode,
                       String timeZone, List<LimitEntry> limits) {
    }

    public record LimitEntry(String kind, Long maxRequests, String timeUnit) {
    }

    public record Application(String id, String organizationId, String name) {
    }

    public record SubscriptionEntry(String id, String applicationId, String planId, String apiId) {
    }

    public record KeyEntry(String id, String hash, String prefix, String applicationId, Instant expiresAt) {
    }
}
