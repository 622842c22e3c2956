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
 * @param stale         when it may be served stale (RFC 5861, RFC 9111 §4.2.4)
 */
record CachedResponse(int status, MultiMap headers, Buffer body, String consumer, List<String> varyNames,
                      List<String> varyValues, long correctedInitialAgeSeconds, long responseTimeMillis,
                      long lifetimeSeconds, String apiId, String routeId, Stale stale) {

    /**
     * When a stale answer may still be served: for up to {@code whileRevalidateSeconds} of staleness while it is
     * refreshed in the background ({@code stale-while-revalidate}, RFC 5861 §3), for up to {@code ifErrorSeconds} when
     * the upstream fails ({@code stale-if-error}, §4); never when {@code forbidden} (the answer said
     * {@code must-revalidate}, {@code proxy-revalidate} or {@code s-maxage}: RFC 9111 §4.2.4, §5.2.2.2, §5.2.2.8,
     * §5.2.2.10), whatever the answer's or the request's other directives allow.
     */
    record Stale(long whileRevalidateSeconds, long ifErrorSeconds, boolean forbidden) {
        /** No stale serving allowed by the answer (a request's {@code max-stale} may still allow some). */
        static final Stale NONE = new Stale(0, 0, false);
        /** Never served stale. */
        static final Stale FORBIDDEN = new Stale(0, 0, true);

        /** The longest staleness any directive of the answer allows, in seconds. */
        long longestSeconds() {
            return forbidden ? 0 : Math.max(whileRevalidateSeconds, ifErrorSeconds);
        }
    }

    /** The same answer with its body. */
    CachedResponse withBody(Buffer newBody) {
        return new CachedResponse(status, headers, newBody, consumer, varyNames, varyValues, correctedInitialAgeSeconds,
                responseTimeMillis, lifetimeSeconds, apiId, routeId, stale);
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

    /**
     * Milliseconds since the answer became stale: negative while it is fresh (consistent with {@link #isFresh}: fresh
     * exactly when this is negative).
     */
    long staleForMillis(long nowMillis) {
        return (nowMillis - responseTimeMillis) - (lifetimeSeconds - correctedInitialAgeSeconds) * 1000;
    }

    /** True if stale by at most {@code seconds} and stale serving is not forbidden. */
    boolean staleWithin(long nowMillis, long seconds) {
        long staleFor = staleForMillis(nowMillis);
        return !stale.forbidden() && staleFor >= 0 && seconds > 0 && (seconds == CacheControl.ANY_STALENESS
                || staleFor <= seconds * 1000);
    }

    /** True within the answer's {@code stale-while-revalidate} window (RFC 5861 §3). */
    boolean inStaleWhileRevalidate(long nowMillis) {
        return staleWithin(nowMillis, stale.whileRevalidateSeconds());
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
