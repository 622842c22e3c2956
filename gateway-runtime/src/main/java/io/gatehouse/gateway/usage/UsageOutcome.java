package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.problem.GatewayError;

/** How a request ended, as the usage contract names it ({@code outcome} of an event). */
public enum UsageOutcome {

    /** The upstream answered; the client got the upstream's status, whatever it was. */
    FORWARDED("forwarded"),
    /** The gateway answered from its cache. */
    CACHE_HIT("cache-hit"),
    /** A policy answered instead of the upstream: 401, 403, 404, 405, 429 … */
    DENIED("denied"),
    /** The gateway answered 502 or 504 because the upstream failed or was too slow. */
    UPSTREAM_ERROR("upstream-error"),
    /** The gateway failed (our 5xx). */
    ERROR("error");

    private final String wireName;

    UsageOutcome(String wireName) {
        this.wireName = wireName;
    }

    /** The value in the event JSON, e.g. {@code upstream-error}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Maps what the gateway recorded about a request ({@link RequestMetrics#OUTCOME}: {@code proxied} or a
     * problem slug) and the status the client received to the contract's outcome. Reading the slug through
     * {@link GatewayError} means a new denial (a new error constant below 500) is {@code denied} without a change here.
     *
     * @param recorded the request's {@link RequestMetrics#OUTCOME}, or {@code null} if nothing was recorded
     * @param status   the status the client received
     */
    public static UsageOutcome of(String recorded, int status) {
        if (RequestMetrics.PROXIED.equals(recorded)) {
            return FORWARDED;
        }
        if (CACHE_HIT.wireName.equals(recorded)) {
            return CACHE_HIT;
        }
        if (GatewayError.UPSTREAM_UNAVAILABLE.slug().equals(recorded)
                || GatewayError.UPSTREAM_TIMEOUT.slug().equals(recorded)
                || GatewayError.UPSTREAM_FORBIDDEN.slug().equals(recorded)) {
            return UPSTREAM_ERROR;
        }
        if (GatewayError.NOT_CACHED.slug().equals(recorded)) {
            // The client asked for a stored answer only (RFC 9111 §5.2.1.7): its 504 is the client's choice.
            return DENIED;
        }
        return status >= 500 || recorded == null ? ERROR : DENIED;
    }
}
