package io.gatehouse.gateway.problem;

/**
 * Every error the gateway itself answers with. Each has a stable problem {@link #type()} that
 * clients may depend on; the {@code title} is for people and may change.
 */
public enum GatewayError {

    ROUTE_NOT_FOUND(404, "route-not-found", "No route matches this request"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "The route does not accept this method"),
    MISSING_CREDENTIALS(401, "missing-credentials", "An API key is required"),
    INVALID_CREDENTIALS(401, "invalid-credentials", "The API key is not valid"),
    MISSING_TOKEN(401, "missing-token", "A bearer token is required"),
    INVALID_TOKEN(401, "invalid-token", "The bearer token is not valid"),
    INSUFFICIENT_SCOPE(403, "insufficient-scope", "The token does not grant a scope this route requires"),
    NOT_SUBSCRIBED(403, "not-subscribed", "The application is not subscribed to this API"),
    RATE_LIMITED(429, "rate-limited", "Too many requests: a rate limit of the plan was reached"),
    QUOTA_EXCEEDED(429, "quota-exceeded", "The plan's quota for this period is used up"),
    TOO_MANY_BAD_CREDENTIALS(429, "too-many-bad-credentials", "Too many bad API keys came from this client address"),
    RATE_LIMIT_UNAVAILABLE(503, "rate-limit-unavailable", "Limits cannot be checked right now"),
    UPSTREAM_UNAVAILABLE(502, "upstream-unavailable", "The upstream service is unavailable"),
    UPSTREAM_FORBIDDEN(502, "upstream-forbidden", "The upstream is at an address the gateway may not connect to"),
    UPSTREAM_TIMEOUT(504, "upstream-timeout", "The upstream service did not answer in time"),
    INVALID_FRAMING(400, "invalid-framing", "The request's message framing is ambiguous or unsupported"),
    INVALID_HOST(400, "invalid-host", "The request must name exactly one host"),
    INVALID_PATH(400, "invalid-path", "The request path is not acceptable"),
    REQUEST_TOO_LARGE(413, "request-too-large", "The request body is larger than this route accepts"),
    IP_DENIED(403, "ip-denied", "Requests from this address are not allowed"),
    CORS_REJECTED(403, "cors-rejected", "The API does not allow this cross-origin request"),
    PART_FAILED(502, "part-failed", "A part of the composition answered with an error status"),
    PART_NOT_JSON(502, "part-not-json", "A part of the composition did not answer JSON"),
    PART_TOO_LARGE(502, "part-too-large", "A part of the composition answered a larger body than the route takes"),
    NOT_CACHED(504, "not-cached", "No stored answer satisfies this only-if-cached request"),
    NO_HEALTHY_UPSTREAM(503, "no-healthy-upstream", "No upstream target is healthy right now"),
    GATEWAY_NOT_READY(503, "gateway-not-ready", "The gateway has not loaded its configuration yet"),
    INTERNAL_ERROR(500, "internal-error", "The gateway failed to handle the request");

    private static final String TYPE_PREFIX = "urn:gatehouse:problem:";

    private final int status;
    private final String slug;
    private final String title;

    GatewayError(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The RFC 9457 {@code type}, e.g. {@code urn:gatehouse:problem:route-not-found}. */
    public String type() {
        return TYPE_PREFIX + slug;
    }
}
