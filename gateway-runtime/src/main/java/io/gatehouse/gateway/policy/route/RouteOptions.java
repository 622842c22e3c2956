package io.gatehouse.gateway.policy.route;

import io.gatehouse.gateway.cache.CacheSettings;
import io.gatehouse.gateway.compose.Composition;
import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.proxy.HeaderTransform;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The optional parts of a route, compiled once per snapshot.
 *
 * @param maxRequestBodyBytes largest request body accepted, {@code 0} for no route limit (Quarkus' global cap remains)
 * @param requestHeaders      edits of the headers sent upstream
 * @param responseHeaders     edits of the upstream's response headers
 * @param maxRetries          how many times an idempotent request without a body is sent to another target when the
 *                            first could not be reached (within the API's retry budget)
 * @param cache               the route's response cache, or {@code null} when answers are not cached
 * @param compose             the parts the route composes its answer from, or {@code null} for a proxy route
 * @param requiredScopes      scopes a bearer token must grant for this route (empty: none)
 */
public record RouteOptions(long maxRequestBodyBytes, HeaderTransform requestHeaders, HeaderTransform responseHeaders,
                           int maxRetries, CacheSettings cache, Composition compose, java.util.Set<String> requiredScopes) {

    public static final int DEFAULT_MAX_RETRIES = 1;
    public static final RouteOptions DEFAULTS = new RouteOptions(0, HeaderTransform.NONE, HeaderTransform.NONE,
            DEFAULT_MAX_RETRIES, null, null, java.util.Set.of());

    public RouteOptions(long maxRequestBodyBytes, HeaderTransform requestHeaders, HeaderTransform responseHeaders,
                        int maxRetries, CacheSettings cache) {
        this(maxRequestBodyBytes, requestHeaders, responseHeaders, maxRetries, cache, null, java.util.Set.of());
    }

    public RouteOptions(long maxRequestBodyBytes, HeaderTransform requestHeaders, HeaderTransform responseHeaders,
                        int maxRetries, CacheSettings cache, Composition compose) {
        this(maxRequestBodyBytes, requestHeaders, responseHeaders, maxRetries, cache, compose, java.util.Set.of());
    }

    public RouteOptions(long maxRequestBodyBytes, HeaderTransform requestHeaders, HeaderTransform responseHeaders,
                        int maxRetries, CacheSettings cache, java.util.Set<String> requiredScopes) {
        this(maxRequestBodyBytes, requestHeaders, responseHeaders, maxRetries, cache, null, requiredScopes);
    }

    public RouteOptions {
        requiredScopes = requiredScopes == null ? java.util.Set.of() : java.util.Set.copyOf(requiredScopes);
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0");
        }
        if (maxRetries < 0 || maxRetries > 5) {
            throw new IllegalArgumentException("maxRetries must be 0..5");
        }
        if (compose != null && cache != null) {
            throw new IllegalArgumentException("a composition route cannot also be cached (compose and cache)");
        }
    }

    public boolean limitsBody() {
        return maxRequestBodyBytes > 0;
    }

    /** The optional parts of a route from the snapshot; {@link #DEFAULTS} when it sets none. */
    public static RouteOptions of(Snapshot.RouteEntry entry) {
        if (entry.maxRequestBodyBytes() == null && entry.requestHeaders() == null && entry.responseHeaders() == null
                && entry.maxRetries() == null && entry.cache() == null && entry.compose() == null
                && entry.requiredScopes() == null) {
            return DEFAULTS;
        }
        return new RouteOptions(entry.maxRequestBodyBytes() == null ? 0 : entry.maxRequestBodyBytes(),
                HeaderTransform.of(entry.requestHeaders()), HeaderTransform.of(entry.responseHeaders()),
                entry.maxRetries() == null ? DEFAULT_MAX_RETRIES : entry.maxRetries(), CacheSettings.of(entry.cache()),
                Composition.of(entry.compose(),
                        Route.positiveOr(entry.responseTimeoutMs(), Route.DEFAULT_RESPONSE_TIMEOUT_MS)),
                scopes(entry.requiredScopes()));
    }

    private static java.util.Set<String> scopes(List<String> required) {
        java.util.Set<String> scopes = new LinkedHashSet<>();
        for (String scope : required == null ? List.<String>of() : required) {
            if (scope == null || scope.isBlank() || scope.contains(" ")) {
                throw new IllegalArgumentException("requiredScopes has an empty scope or one with a space");
            }
            scopes.add(scope);
        }
        return scopes;
    }
}
