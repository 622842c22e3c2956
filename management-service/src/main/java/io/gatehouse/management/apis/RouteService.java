package io.gatehouse.management.apis;

import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.AdminAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The routes of an API: add, replace, delete and reorder. Every change is checked, audited and bumps the config
 * version in the same transaction, so gateways get it as they get any API change.
 */
@ApplicationScoped
public class RouteService {

    /** Routes one API may have; the console lists them all on one page. */
    static final int MAX_ROUTES = 200;
    /** RFC 9110 token: what a header name may be. */
    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");
    /** Visible ASCII, space and tab, without line breaks: what a header value to match may be. */
    private static final Pattern HEADER_VALUE = Pattern.compile("^[\\x20-\\x7E\\t]*$");
    /** Path characters (RFC 3986 pchar and '/'), '$' for groups and '\' to escape: no query, fragment or space. */
    private static final Pattern REPLACEMENT = Pattern.compile("^[A-Za-z0-9._~!$&'()*+,;=:@%/\\\\-]*$");

    private final ConfigChange changes;
    private final AdminAccess access;
    private final Clock clock;
    private final UpstreamAddresses addresses;

    public RouteService(ConfigChange changes, AdminAccess access, Clock clock,
                        UpstreamAddresses addresses) {
        this.addresses = addresses;
        this.changes = changes;
        this.access = access;
        this.clock = clock;
    }

    /** Adds a route after the API's last one. */
    @Transactional
    public ApiView add(UUID apiId, ApiRequests.Route req) {
        Checked checked = check(req);
        Api api = managed(apiId);
        if (api.routes.size() >= MAX_ROUTES) {
            throw ApiProblem.invalidField("routes", "an API has at most " + MAX_ROUTES + " routes");
        }
        requireNoIdenticalRoute(checked.host, req.pathPrefix(), checked.methods, checked.headers, null);
        Instant now = clock.instant();
        ApiRoute route = new ApiRoute();
        route.id = UUID.randomUUID();
        route.api = api;
        route.position = api.routes.size();
        route.createdAt = now;
        apply(route, req, checked, now);
        route.gatewayOptions = req.options() == null || req.options().isEmpty() ? null : StoredOptions.write(req.options());
        route.persist();
        api.routes.add(route);
        api.updatedAt = now;
        changes.record("api", apiId, "route-added", null, ApiView.RouteView.of(route));
        return ApiView.of(api);
    }

    /** Replaces a route's match, forwarding and timeouts; its options only when the request carries them. */
    @Transactional
    public ApiView replace(UUID apiId, UUID routeId, ApiRequests.Route req) {
        Checked checked = check(req);
        Api api = managed(apiId);
        ApiRoute route = route(api, routeId);
        requireNoIdenticalRoute(checked.host, req.pathPrefix(), checked.methods, checked.headers, routeId);
        ApiView.RouteView before = ApiView.RouteView.of(route);
        Instant now = clock.instant();
        apply(route, req, checked, now);
        if (req.options() != null) {
            route.gatewayOptions = req.options().isEmpty() ? null : StoredOptions.write(req.options());
        }
        api.updatedAt = now;
        changes.record("api", apiId, "route-updated", before, ApiView.RouteView.of(route));
        return ApiView.of(api);
    }

    /** Deletes a route; an API's only route cannot go ({@code last-route}). The others close the gap. */
    @Transactional
    public ApiView delete(UUID apiId, UUID routeId) {
        Api api = managed(apiId);
        ApiRoute route = route(api, routeId);
        if (api.routes.size() == 1) {
            throw new ApiProblem(ProblemType.LAST_ROUTE,
                    "Route " + routeId + " is the only route of API " + apiId + ": add another before deleting it, or retire the API");
        }
        ungrant(api, route);
        ApiView.RouteView before = ApiView.RouteView.of(route);
        api.routes.remove(route);
        Instant now = clock.instant();
        renumber(api.routes, now);
        api.updatedAt = now;
        changes.record("api", apiId, "route-deleted", before, null);
        return ApiView.of(api);
    }

    /**
     * Takes a deleted route out of the products that grant it by id (table {@code product_apis}; the same config
     * version as the deletion carries their subscriptions' grants, since an API change touches the subscriptions of
     * the products that grant it). Refused with {@code conflict} when it is the only route a product grants of this API:
     * removing it would leave "no routes", which reads as "all routes".
     */
    private static void ungrant(Api api, ApiRoute route) {
        var em = Api.getEntityManager();
        @SuppressWarnings("unchecked")
        List<String> only = em.createNativeQuery("SELECT p.name FROM product_apis pa JOIN products p ON p.id = pa.product_id"
                        + " WHERE pa.api_id = ?1 AND pa.route_ids = ARRAY[?2]::uuid[] ORDER BY p.name")
                .setParameter(1, api.id).setParameter(2, route.id).getResultList();
        if (!only.isEmpty()) {
            throw new ApiProblem(ProblemType.CONFLICT, "Route " + route.pathPrefix + " is the only route of " + api.name
                    + " that product '" + String.join("', '", only) + "' grants: change that product's grant of the API"
                    + " (or remove the API from it) before deleting the route.");
        }
        em.createNativeQuery("UPDATE product_apis SET route_ids = array_remove(route_ids, ?2)"
                        + " WHERE api_id = ?1 AND ?2 = ANY (route_ids)")
                .setParameter(1, api.id).setParameter(2, route.id).executeUpdate();
    }

    /** Puts the API's routes in the given order, which must name each of them exactly once. */
    @Transactional
    public ApiView reorder(UUID apiId, ApiRequests.RouteOrder req) {
        Api api = managed(apiId);
        List<UUID> ids = req.routeIds();
        Set<UUID> existing = new HashSet<>();
        api.routes.forEach(r -> existing.add(r.id));
        if (ids.size() != existing.size() || !existing.equals(new HashSet<>(ids))) {
            throw ApiProblem.invalidField("routeIds", "must name each of the API's " + existing.size()
                    + " routes exactly once");
        }
        List<UUID> before = api.routes.stream().map(r -> r.id).toList();
        List<ApiRoute> ordered = new ArrayList<>();
        for (UUID id : ids) {
            ordered.add(route(api, id));
        }
        Instant now = clock.instant();
        renumber(ordered, now);
        api.routes.clear();
        api.routes.addAll(ordered);
        api.updatedAt = now;
        changes.record("api", apiId, "routes-reordered", before, ids);
        return ApiView.of(api);
    }

    /**
     * Refuses (409) a route that would match exactly what another route matches: the same host, prefix, methods
     * and header conditions, on any API. Routes that differ in methods or headers may share host and prefix.
     *
     * @param methods     stored form: sorted, comma-separated, or null for all
     * @param headers     the route's header conditions
     * @param exceptRoute the route being replaced, or null
     */
    static void requireNoIdenticalRoute(String host, String pathPrefix, String methods, List<HeaderCondition> headers,
                                        UUID exceptRoute) {
        Set<String> wanted = conditionKeys(headers);
        List<ApiRoute> sameMatch = ApiRoute.list("pathPrefix = ?1 and coalesce(host, '') = ?2 and id <> ?3",
                pathPrefix, host == null ? "" : host, exceptRoute == null ? new UUID(0, 0) : exceptRoute);
        for (ApiRoute other : sameMatch) {
            if (java.util.Objects.equals(other.methods, methods) && conditionKeys(other.headers()).equals(wanted)) {
                throw new ApiProblem(ProblemType.CONFLICT, "Route " + other.id + " of API " + other.api.id
                        + " already matches " + pathPrefix + (host == null ? "" : " on host " + host)
                        + " with the same methods and headers");
            }
        }
    }

    /** The stored form of methods: distinct, sorted, comma-separated; null for all. */
    static String methods(List<String> methods) {
        return methods == null || methods.isEmpty() ? null : String.join(",", methods.stream().distinct().sorted().toList());
    }

    private static Set<String> conditionKeys(List<HeaderCondition> headers) {
        Set<String> keys = new HashSet<>();
        for (HeaderCondition h : headers) {
            keys.add(h.name().toLowerCase(Locale.ROOT) + (h.value() == null ? "" : "=" + h.value()));
        }
        return keys;
    }

    private record Checked(String host, String methods, List<HeaderCondition> headers, Pattern rewrite) {
    }

    /** Every check that Bean Validation cannot express, all failures at once. */
    private Checked check(ApiRequests.Route req) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<HeaderCondition> headers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<HeaderCondition> given = req.headers() == null ? List.of() : req.headers();
        for (int i = 0; i < given.size(); i++) {
            HeaderCondition h = given.get(i);
            String name = h.name().trim();
            if (!TOKEN.matcher(name).matches()) {
                errors.add(new Problem.FieldError("headers[" + i + "].name", "must be a header name (letters, digits and !#$%&'*+.^_`|~-)"));
                continue;
            }
            if (name.equalsIgnoreCase("host")) {
                errors.add(new Problem.FieldError("headers[" + i + "].name", "match the host with the route's host, not a header condition"));
                continue;
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                errors.add(new Problem.FieldError("headers[" + i + "].name", "appears twice; a route can ask one value per header"));
                continue;
            }
            if (h.value() != null && !HEADER_VALUE.matcher(h.value()).matches()) {
                errors.add(new Problem.FieldError("headers[" + i + "].value", "must be printable ASCII without line breaks"));
                continue;
            }
            headers.add(new HeaderCondition(name, h.value()));
        }
        Pattern rewrite = null;
        if (req.rewrite() != null) {
            if (Boolean.TRUE.equals(req.stripPrefix())) {
                errors.add(new Problem.FieldError("stripPrefix", "a rewrite replaces the prefix: leave stripPrefix out or false"));
            }
            try {
                rewrite = Pattern.compile(req.rewrite().pattern());
                replacementErrors(req.rewrite().replacement(), rewrite.matcher("").groupCount(), errors);
            } catch (PatternSyntaxException e) {
                errors.add(new Problem.FieldError("rewrite.pattern", "is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex()));
            }
        }
        if (req.options() != null) {
            try {
                GatewayOptionsRules.check(req.options());
            } catch (ApiProblem p) {
                p.errors().forEach(e -> errors.add(new Problem.FieldError("options." + e.field(), e.message())));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(ProblemType.VALIDATION_FAILED, errors.size() == 1
                    ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are not valid", errors);
        }
        // Only once the options are well formed: a part URL that leads somewhere forbidden is a problem of its own type.
        List<Problem.FieldError> forbidden = new ArrayList<>();
        addresses.check(req.options(), "options.", forbidden);
        UpstreamAddresses.refuse(forbidden);
        String host = req.host() == null || req.host().isBlank() ? null : req.host().trim().toLowerCase(Locale.ROOT);
        return new Checked(host, methods(req.methods()), List.copyOf(headers), rewrite);
    }

    private static void replacementErrors(String replacement, int groups, List<Problem.FieldError> errors) {
        if (!REPLACEMENT.matcher(replacement).matches()) {
            errors.add(new Problem.FieldError("rewrite.replacement",
                    "may hold only path characters and $1 … $9 (no query, fragment, spaces or line breaks)"));
            return;
        }
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$') {
                char next = i + 1 < replacement.length() ? replacement.charAt(i + 1) : ' ';
                if (next < '0' || next > '9') {
                    errors.add(new Problem.FieldError("rewrite.replacement", "'$' must be followed by a group number; write \\$ for a dollar sign"));
                    return;
                }
                if (next - '0' > groups) {
                    errors.add(new Problem.FieldError("rewrite.replacement", "refers to group " + (next - '0')
                            + ", but the pattern has " + groups));
                    return;
                }
            }
        }
        if (replacement.endsWith("\\") && !replacement.endsWith("\\\\")) {
            errors.add(new Problem.FieldError("rewrite.replacement", "ends with a lone backslash"));
        }
    }

    private static void apply(ApiRoute route, ApiRequests.Route req, Checked checked, Instant now) {
        route.pathPrefix = req.pathPrefix();
        route.host = checked.host;
        route.methods = checked.methods;
        route.headerConditions = checked.headers.isEmpty() ? null : StoredOptions.write(checked.headers);
        route.stripPrefix = req.rewrite() == null && (req.stripPrefix() == null || req.stripPrefix());
        route.rewritePattern = req.rewrite() == null ? null : req.rewrite().pattern();
        route.rewriteReplacement = req.rewrite() == null ? null : req.rewrite().replacement();
        route.connectTimeoutMs = req.connectTimeoutMs() == null ? 2_000 : req.connectTimeoutMs();
        route.responseTimeoutMs = req.responseTimeoutMs() == null ? 30_000 : req.responseTimeoutMs();
        route.updatedAt = now;
    }

    private static void renumber(List<ApiRoute> routes, Instant now) {
        for (int i = 0; i < routes.size(); i++) {
            ApiRoute r = routes.get(i);
            if (r.position != i) {
                r.position = i;
                r.updatedAt = now;
            }
        }
    }

    private Api managed(UUID apiId) {
        Api api = ApiService.find(apiId);
        access.requireMayManageApi(api.ownerSubject, "API " + apiId);
        return api;
    }

    private static ApiRoute route(Api api, UUID routeId) {
        return api.routes.stream().filter(r -> r.id.equals(routeId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Route", routeId + " of API " + api.id));
    }
}
