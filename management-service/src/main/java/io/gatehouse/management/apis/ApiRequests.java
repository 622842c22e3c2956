package io.gatehouse.management.apis;

import io.gatehouse.management.common.Slug;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request bodies of the API endpoints. */
public final class ApiRequests {

    /** A path prefix: absolute, no empty, '.' or '..' segments, no trailing slash (except "/"). */
    static final String PATH_PREFIX = "^/$|^(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$";
    static final String METHOD = "^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$";

    private ApiRequests() {
    }

    /**
     * Creates an API with one route and one upstream target.
     *
     * @param routePath    the path prefix the gateway matches, e.g. {@code /payments}
     * @param upstreamUrl  where the gateway forwards, e.g. {@code http://payments.internal:8080/v1}
     * @param host         optional Host the route is limited to
     * @param methods      optional methods the route is limited to; all when absent
     * @param stripPrefix  whether the prefix is removed before forwarding (default true)
     * @param lifecycle    default draft; only published and deprecated APIs are routed
     * @param ownerSubject the OIDC subject of the API owner; default the caller. Only a platform
     *                     admin may name someone else.
     * @param tags         optional tags partners search and filter the catalog by: up to 10 of 1 to 32 letters, digits
     *                     and dashes, stored lower-cased ({@link ApiTags})
     */
    @Schema(name = "CreateApi")
    public record Create(@NotBlank @Size(max = 200) String name,
                         @Size(max = 100) @Pattern(regexp = Slug.PATTERN, message = "use lower-case letters, digits and dashes") String slug,
                         @Size(min = 1, max = 40) @Pattern(regexp = "^[A-Za-z0-9._-]+$", message = "use letters, digits, '.', '_' and '-'") String version,
                         @Size(max = 10_000) String description,
                         Lifecycle lifecycle,
                         @NotBlank @Size(max = 500) @Pattern(regexp = PATH_PREFIX, message = "must be an absolute path like /payments, without '.', '..', empty segments or a trailing slash") String routePath,
                         @NotBlank @Size(max = 2000) String upstreamUrl,
                         @Size(max = 253) @Pattern(regexp = "^[A-Za-z0-9.-]+$", message = "must be a host name without port") String host,
                         List<@Pattern(regexp = METHOD, message = "must be an upper-case HTTP method") String> methods,
                         Boolean stripPrefix,
                         @Min(1) @Max(600_000) Integer connectTimeoutMs,
                         @Min(1) @Max(3_600_000) Integer responseTimeoutMs,
                         @Size(min = 1, max = 255) String ownerSubject,
                         List<String> tags) {
    }

    /**
     * Replaces all upstream targets of an API ({@code PUT /admin/v1/apis/{id}/targets}). A target
     * whose URL was already there keeps its id (gateways key breaker and health state by it).
     */
    @Schema(name = "ReplaceTargets")
    public record Targets(@NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Target> targets) {
    }

    /**
     * One upstream target.
     *
     * @param url     http or https URL without query, fragment or credentials
     * @param weight  its share in the weighted round robin; default 1
     * @param enabled default true; disabled targets are not sent to gateways, and at least one must be enabled
     */
    public record Target(@NotBlank @Size(max = 2000) String url, @Min(1) @Max(1000) Integer weight, Boolean enabled) {
    }

    /**
     * Only the fields present change. {@code routePath} and {@code upstreamUrl} change the API's
     * first route and target; {@code ownerSubject} hands the API to another owner (platform admins only);
     * {@code tags} replaces all of its tags ({@code []} removes them; rules as on create).
     */
    @Schema(name = "UpdateApi")
    public record Update(@Size(min = 1, max = 200) String name,
                         @Size(max = 10_000) String description,
                         Lifecycle lifecycle,
                         Instant sunsetAt,
                         @Size(max = 500) @Pattern(regexp = PATH_PREFIX, message = "must be an absolute path like /payments, without '.', '..', empty segments or a trailing slash") String routePath,
                         @Size(max = 2000) String upstreamUrl,
                         @Min(1) @Max(600_000) Integer connectTimeoutMs,
                         @Min(1) @Max(3_600_000) Integer responseTimeoutMs,
                         @Size(min = 1, max = 255) String ownerSubject,
                         List<String> tags) {
    }

    /**
     * A route of an API ({@code POST /admin/v1/apis/{id}/routes} adds it last, {@code PUT …/routes/{routeId}} replaces
     * it). A route matches on its path prefix, and optionally a host, methods and header conditions.
     *
     * @param pathPrefix        the path prefix the gateway matches, e.g. {@code /payments}
     * @param host              optional Host the route is limited to
     * @param methods           optional methods the route is limited to; all when absent or empty
     * @param headers           optional header conditions, all of which must hold (at most 20)
     * @param stripPrefix       whether the prefix is removed before forwarding; default true, or false with a rewrite
     * @param rewrite           optional path rewrite; not together with {@code stripPrefix: true}
     * @param connectTimeoutMs  default 2000
     * @param responseTimeoutMs default 30000
     * @param options           the route's gateway options (body limit, header edits, retries, cache, scopes,
     *                          composition); absent: on add none, on replace the route keeps its options; {@code {}} clears them
     */
    @Schema(name = "RouteRequest")
    public record Route(@NotBlank @Size(max = 500) @Pattern(regexp = PATH_PREFIX, message = "must be an absolute path like /payments, without '.', '..', empty segments or a trailing slash") String pathPrefix,
                        @Size(max = 253) @Pattern(regexp = "^[A-Za-z0-9.-]+$", message = "must be a host name without port") String host,
                        @Size(max = 7) List<@NotNull @Pattern(regexp = METHOD, message = "must be an upper-case HTTP method") String> methods,
                        @Size(max = 20) List<@NotNull @Valid HeaderCondition> headers,
                        Boolean stripPrefix,
                        @Valid Rewrite rewrite,
                        @Min(1) @Max(600_000) Integer connectTimeoutMs,
                        @Min(1) @Max(3_600_000) Integer responseTimeoutMs,
                        @Valid GatewayOptions.RouteOptions options) {
    }

    /** The new order of an API's routes: every one of its route ids, each once, first first. */
    @Schema(name = "RouteOrder")
    public record RouteOrder(@NotNull @Size(min = 1, max = 200) List<@NotNull UUID> routeIds) {
    }
}
