package io.gatehouse.gateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * One stored answer (one variant of a URL): never changed once built.
 *
 * @param status        the status code
 * @param headers       the headers relayed to the client (hop-by-hop already removed); not to be modified
 * @param body          the body
 * @param consumer      the application it belongs to, or {@code null} when shared
 * @param varyNames     lower-case names of the request headers the upstream's {@code Vary} named
 * @param varyValues    the values those headers had in the request that made this answer ({@code null} when absent)
 * @param correctedInitialAgeSeconds RFC 9111 §4.2.3 {@code corrected_initial_age}
 * @param responseTimeMillis when the answer arrived (the gateway's clock)
 * @param lifetimeSeconds freshness lifetime (§4.2.1), or the route's default TTL
 * @param apiId         the API whose route stored it (purges select by it)
 * @param routeId       the route that stored it
 */
record CachedResponse(int status, MultiMap headers, Buffer body, String consumer, List<String> varyNames,
                      List<String> varyValues, long correctedInitialAgeSeconds, long responseTimeMillis,
                      long lifetimeSeconds, String apiId, String routeId) {

    /** The same answer with its body. */
    CachedResponse withBody(Buffer newBody) {
        return new CachedResponse(status, headers, newBody, consumer, varyNames, varyValues, correctedInitialAgeSeconds,
                responseTimeMillis, lifetimeSeconds, apiId, routeId);
    }

    /** True for the same variant: the same consumer and the same Vary names and values. */
    boolean sameVariant(CachedResponse other) {
        return java.util.Objects.equals(consumer, other.consumer) && varyNames.equals(other.varyNames)
                && varyValues.equals(other.varyValues);
    }

    /** RFC 9111 §4.2.3 {@code current_age}. */
    long ageSeconds(long nowMillis) {
        return correctedInitialAgeSeconds + Math.max(0, (nowMillis - responseTimeMillis) / 1000);
    }

    boolean isFresh(long nowMillis) {
        return lifetimeSeconds > ageSeconds(nowMillis);
    }

    /** Milliseconds until the entry is stale (for eviction); never negative. */
    long freshForMillis(long nowMillis) {
        return Math.max(0, (lifetimeSeconds - correctedInitialAgeSeconds) * 1000 - (nowMillis - responseTimeMillis));
    }

    /** True if it can be revalidated: it has an {@code ETag} or a {@code Last-Modified} (RFC 9111 §4.3.1). */
    boolean hasValidator() {
        return headers.contains("ETag") || headers.contains("Last-Modified");
    }

    /** Rough size for the cache's weight limit. */
    int weight() {
        int head = 64;
        for (var h : headers) {
            head += h.getKey().length() + h.getValue().length() + 4;
        }
        return body.length() + head;
    }

    /** True if the request headers select this variant (RFC 9111 §4.1) for {@code consumer}. */
    boolean matches(String requestConsumer, MultiMap requestHeaders) {
        if (consumer != null && !consumer.equals(requestConsumer)) {
            return false;
        }
        for (int i = 0; i < varyNames.size(); i++) {
            String stored = varyValues.get(i);
            String now = ResponseCache.varyValue(requestHeaders, varyNames.get(i));
            if (stored == null ? now != null : !stored.equals(now)) {
                return false;
            }
        }
        return true;
    }
}
