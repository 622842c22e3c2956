package io.gatehouse.gateway.cache;

import io.vertx.core.json.JsonObject;

/**
 * A purge announced by management on {@code <ns>:cache:purge} (contract: {@code docs/cache-purge.md}): every stored
 * answer of an API, of one of its routes, or of one URL of the API (every host, variant, consumer and method).
 *
 * @param purgeId the purge's id (for the log)
 * @param apiId   the API; always set
 * @param routeId the route, or {@code null}
 * @param url     a path with an optional query ({@code /path?b=2&a=1}), or {@code null}
 */
public record CachePurge(String purgeId, String apiId, String routeId, String url) {

    public CachePurge {
        if (apiId == null || apiId.isBlank()) {
            throw new IllegalArgumentException("a purge names its apiId");
        }
        if (url != null && !url.startsWith("/")) {
            throw new IllegalArgumentException("a purged url is a path starting with '/'");
        }
    }

    /** Reads a purge message; throws {@link IllegalArgumentException} for anything else. */
    public static CachePurge parse(String message) {
        JsonObject json;
        try {
            json = new JsonObject(message);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
        return new CachePurge(json.getString("purgeId"), json.getString("apiId"), json.getString("routeId"),
                json.getString("url"));
    }

    /** True if an answer stored by {@code routeId} of {@code apiId} falls under this purge (URL aside). */
    boolean covers(String entryApiId, String entryRouteId) {
        return apiId.equals(entryApiId) && (routeId == null || routeId.equals(entryRouteId));
    }

    /** The purged URL as the cache keys it: path and sorted query. */
    String pathQuery() {
        int q = url.indexOf('?');
        return q < 0 ? ResponseCache.pathQuery(url, null) : ResponseCache.pathQuery(url.substring(0, q), url.substring(q + 1));
    }
}
