package io.gatehouse.gateway.policy.route;

import io.gatehouse.gateway.cache.CacheSettings;
import io.gatehouse.gateway.compose.Composition;
import io.gatehouse.gateway.proxy.HeaderTransform;

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
}
