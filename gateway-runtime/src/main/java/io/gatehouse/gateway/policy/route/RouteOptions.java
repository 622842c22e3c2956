package io.gatehouse.gateway.policy.route;

import io.gatehouse.gateway.cache.CacheSettings;
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
 * @param requiredScopes      scopes a bearer token must grant for this route (empty: none)
 */
public record RouteOptions(long maxRequestBodyBytes, HeaderTransform requestHeaders, HeaderTransform responseHeaders,
                           int maxRetries, CacheSettings cache, java.util.Set<String> requiredScopes) {

    public static final int DEFAULT_MAX_RETRIES = 1;
    public static final RouteOptions DEFAULTS = new RouteOptions(0, HeaderTransform.NONE, HeaderTransform.NONE,
            DEFAULT_MAX_RETRIES, null, java.util.Set.of());

    public RouteOptions(long maxRequestBodyBytes, HeaderTransform requestHeaders, HeaderTransform responseHeaders,
                        int maxRetries, CacheSettings cache) {
        this(maxRequestBodyBytes, requestHeaders, responseHeaders, maxRetries, cache, java.util.Set.of());
    }

    public RouteOptions {
        requiredScopes = requiredScopes == null ? java.util.Set.of() : java.util.Set.copyOf(requiredScopes);
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0");
        }
        if (maxRetries < 0 || maxRetries > 5) {
            throw new IllegalArgumentException("maxRetries must be 0..5");
        }
    }

    public boolean limitsBody() {
        return maxRequestBodyBytes > 0;
    }
}
