package io.gatehouse.management.apis;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * The optional gateway behaviour of an API and of its routes, in exactly the shapes gateways read
 * (docs/gateway-config-snapshot.md, "Optional fields"). Every field may be null: null means the
 * gateway's default, and null fields are left out of the JSON. Ranges are checked by Bean
 * Validation; what needs parsing (CIDR blocks, origins, header names) by {@link GatewayOptionsRules}.
 */
public final class GatewayOptions {

    private GatewayOptions() {
    }

    /**
     * The options of an API; {@code PUT /admin/v1/apis/{id}/options} replaces them all ({@code {}} clears them).
     *
     * @param healthCheck    active health checks of the targets; null: none
     * @param circuitBreaker passive ejection of failing targets; null: 5 failures, 10 s open
     * @param cors           CORS answered at the gateway; null: preflights go through like any request
     * @param ipAccess       client address allow/deny lists; null: every address
     * @param auth           which credentials the API accepts; null: API keys only
     * @param forwardUnsafeHeaders whether request headers the gateway drops by default (names with an underscore,
     *                       {@code X-Original-URL}, {@code X-Rewrite-URL}, {@code True-Client-IP}) go upstream;
     *                       null or false: they are dropped
     * @param accessLog      which of the API's requests get a line in the gateway's access log; null: every request
     * @param scrubHeaders   the response headers the gateway removes from every answer of the API (they name the
     *                       upstream's software); null: {@code Server} and {@code X-Powered-By}; {@code []}: none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiOptions(@Valid HealthCheck healthCheck, @Valid CircuitBreaker circuitBreaker, @Valid Cors cors,
                             @Valid IpAccess ipAccess, @Valid Auth auth, Boolean forwardUnsafeHeaders,
                             AccessLog accessLog, @Size(max = 20) List<String> scrubHeaders) {

        public ApiOptions {
            // false is the default: keep one spelling of it, so it is neither stored nor sent.
            forwardUnsafeHeaders = Boolean.TRUE.equals(forwardUnsafeHeaders) ? Boolean.TRUE : null;
            // {} is the default too.
            accessLog = accessLog == null || accessLog.enabled() == null && accessLog.sampleRate() == null ? null : accessLog;
        }

        boolean isEmpty() {
            return healthCheck == null && circuitBreaker == null && cors == null && ipAccess == null && auth == null
                    && forwardUnsafeHeaders == null && accessLog == null && scrubHeaders == null;
        }
    }

    /**
     * The gateway's access log of an API (one JSON line per request on the category {@code gatehouse.access}).
     * Answers of 500 and above are always written while the log is on, whatever the sample rate.
     *
     * @param enabled    default true; false: no line at all for this API, errors included
     * @param sampleRate 0 to 1, default 1: the share of the API's other requests that get a line (0.1: one in ten,
     *                   drawn at random per request); not allowed with {@code enabled: false}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessLog(Boolean enabled, Double sampleRate) {
    }

    /**
     * Which credentials an API accepts. At least one: {@code apiKeys: false} needs {@code jwt}.
     *
     * @param apiKeys whether API keys are accepted; default true
     * @param jwt     OAuth2/OIDC bearer tokens (JWT) and how they are checked; null: no tokens
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Auth(Boolean apiKeys, @Valid Jwt jwt) {
    }

    /**
     * How bearer tokens are checked at the gateway: signature against the issuer's JWKS, {@code iss}, {@code aud},
     * {@code exp}/{@code nbf}; the application is the one whose {@code oauthClientId} the application claim names.
     *
     * @param issuer           required: the exact {@code iss}
     * @param jwksUrl          required: absolute http(s) URL of the issuer's JSON Web Key Set
     * @param audiences        required, at least one: a token's {@code aud} must name one of them
     * @param applicationClaim the claim holding the OAuth client id; default {@code azp}, then {@code client_id}
     * @param clockSkewSeconds leeway on {@code exp}/{@code nbf}; default 30, at most 300
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jwt(@NotBlank @Size(max = 2000) String issuer,
                      @NotBlank @Size(max = 2000) String jwksUrl,
                      @NotNull @Size(min = 1, max = 20) List<String> audiences,
                      @Size(min = 1, max = 100) String applicationClaim,
                      @Min(0) @Max(300) Integer clockSkewSeconds) {
    }

    /**
     * Active health checks: {@code GET <target><path>} every {@code intervalMs}.
     *
     * @param path               default {@code /}; must start with {@code /}
     * @param intervalMs         default 5000, at least 100
     * @param timeoutMs          default 1000
     * @param healthyThreshold   passes in a row that bring a target back; default 2
     * @param unhealthyThreshold failures in a row that take a target out; default 2
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthCheck(@Size(min = 1, max = 2000) String path,
                              @Min(100) @Max(3_600_000) Integer intervalMs,
                              @Min(1) @Max(600_000) Integer timeoutMs,
                              @Min(1) @Max(100) Integer healthyThreshold,
                              @Min(1) @Max(100) Integer unhealthyThreshold) {
    }

    /**
     * Per-target circuit breaker.
     *
     * @param failureThreshold consecutive failures (connection failures, timeouts, or answers with a status of
     *                         {@code failureStatuses}) that eject a target; default 5
     * @param openMs           how long it stays ejected before one probe decides; default 10000, at least 100
     * @param failureStatuses  upstream answer statuses that count as failures, each 500–599; default 502, 503, 504;
     *                         {@code []}: only connection failures and timeouts count
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CircuitBreaker(@Min(1) @Max(1000) Integer failureThreshold,
                                 @Min(100) @Max(3_600_000) Integer openMs,
                                 @Size(max = 100) List<Integer> failureStatuses) {
    }

    /**
     * CORS of an API.
     *
     * @param allowedOrigins   required, at least one: {@code scheme://host[:port]} or {@code *}
     * @param allowedMethods   upper-case methods; default GET, HEAD, POST, PUT, PATCH, DELETE
     * @param allowedHeaders   header names or {@code *}; default only CORS-safelisted headers
     * @param exposedHeaders   header names; default none
     * @param allowCredentials default false; not allowed with the origin {@code *}
     * @param maxAgeSeconds    how long a preflight may be cached; default none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cors(@NotNull @Size(min = 1, max = 100) List<String> allowedOrigins,
                       @Size(max = 20) List<String> allowedMethods,
                       @Size(max = 100) List<String> allowedHeaders,
                       @Size(max = 100) List<String> exposedHeaders,
                       Boolean allowCredentials,
                       @Min(0) @Max(86_400) Integer maxAgeSeconds) {
    }

    /**
     * Client address lists: CIDR blocks or single addresses, IPv4 or IPv6. Deny wins; a non-empty
     * allow list admits only its blocks.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IpAccess(@Size(max = 1000) List<String> allow, @Size(max = 1000) List<String> deny) {
    }

    /**
     * The options of a route; {@code PUT /admin/v1/apis/{id}/routes/{routeId}/options} replaces them all.
     *
     * @param maxRequestBodyBytes largest request body (413 above it); default only the gateway-wide cap
     * @param requestHeaders      edits of the request sent upstream
     * @param responseHeaders     edits of the response sent to the client
     * @param maxRetries          0–5; default 1
     * @param cache               the route's response cache; null: answers are not cached
     * @param compose             makes the route a composition: its answer merges the JSON of several upstream
     *                            calls; null: the route proxies. Not combinable with {@code cache}
     * @param requiredScopes      scopes a bearer token must grant (all of them) for this route; API keys grant none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteOptions(@Min(1) @Max(1_073_741_824L) Long maxRequestBodyBytes,
                               @Valid HeaderEdits requestHeaders,
                               @Valid HeaderEdits responseHeaders,
                               @Min(0) @Max(5) Integer maxRetries,
                               @Valid Cache cache,
                               @Valid Compose compose,
                               @Size(max = 50) List<String> requiredScopes) {

        public RouteOptions(Long maxRequestBodyBytes, HeaderEdits requestHeaders, HeaderEdits responseHeaders,
                            Integer maxRetries, Cache cache) {
            this(maxRequestBodyBytes, requestHeaders, responseHeaders, maxRetries, cache, null, null);
        }

        boolean isEmpty() {
            return maxRequestBodyBytes == null && requestHeaders == null && responseHeaders == null
                    && maxRetries == null && cache == null && compose == null && requiredScopes == null;
        }
    }

    /**
     * A composition: the parts are called concurrently and their JSON merged into
     * {@code {"parts": {...}, "errors": {...}}} (gateway-runtime README, "Composition routes").
     *
     * @param parts        1–16 parts with unique names
     * @param maxPartBytes largest body taken from one part; default 1048576, at most 16777216
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Compose(@NotNull @Size(min = 1, max = 16) List<@Valid @NotNull ComposePart> parts,
                          @Min(1) @Max(16_777_216L) Long maxPartBytes) {
    }

    /**
     * One part of a composition.
     *
     * @param name      1–64 letters, digits, {@code -} or {@code _}; the member its answer is put under
     * @param method    only {@code GET} (the default)
     * @param url       {@code http(s)://host[:port]/path[?query]}, or a path starting with {@code /} that is sent to
     *                  the API's targets (load balanced, with their breakers); the client's query is appended
     * @param timeoutMs time the part may take, body included; default the route's response timeout
     * @param required  when true, the composition fails (502/504) if this part fails; default false
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComposePart(@NotNull String name, String method, @NotNull @Size(min = 1, max = 2000) String url,
                              @Min(1) @Max(60_000) Integer timeoutMs, Boolean required) {
    }

    /**
     * Header edits of one direction, applied as remove, then set (replace), then add (append).
     * Names may not be hop-by-hop or framing headers, nor {@code Host}; values may not contain line breaks.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderEdits(@Size(max = 100) List<String> remove, @Size(max = 100) Map<String, String> set,
                              @Size(max = 100) Map<String, String> add) {
    }

    /**
     * A route's response cache.
     *
     * @param ttlSeconds    freshness of a cacheable answer that states none; default 0 (store only answers that state one)
     * @param perConsumer   keep entries per application instead of sharing them; default false
     * @param maxEntryBytes largest body stored; default 1048576
     * @param shared        also keep entries in the shared Redis layer, so a miss on one gateway can hit what another
     *                      stored; default false (each gateway caches for itself)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cache(@Min(0) @Max(31_536_000) Long ttlSeconds, Boolean perConsumer,
                        @Min(1) @Max(104_857_600) Long maxEntryBytes, Boolean shared,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean storeSetCookie) {

        public Cache(Long ttlSeconds, Boolean perConsumer, Long maxEntryBytes) {
            this(ttlSeconds, perConsumer, maxEntryBytes, null, null);
        }

        public Cache(Long ttlSeconds, Boolean perConsumer, Long maxEntryBytes, Boolean shared) {
            this(ttlSeconds, perConsumer, maxEntryBytes, shared, null);
        }
    }
}
