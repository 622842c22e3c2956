package io.gatehouse.management.apis;

import io.gatehouse.management.common.Page;
import io.gatehouse.management.common.Slug;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.AdminAccess;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ApiService {

    /** Allowed lifecycle moves; retired is final. */
    private static final Map<Lifecycle, Set<Lifecycle>> TRANSITIONS = Map.of(
            Lifecycle.DRAFT, Set.of(Lifecycle.PUBLISHED, Lifecycle.RETIRED),
            Lifecycle.PUBLISHED, Set.of(Lifecycle.DEPRECATED, Lifecycle.RETIRED),
            Lifecycle.DEPRECATED, Set.of(Lifecycle.PUBLISHED, Lifecycle.RETIRED),
            Lifecycle.RETIRED, Set.of());

    /** Where an API may go from its current lifecycle state, in the order people usually take. */
    public static List<Lifecycle> nextLifecycles(Lifecycle from) {
        return Arrays.stream(Lifecycle.values()).filter(TRANSITIONS.get(from)::contains).toList();
    }

    private final ConfigChange changes;
    private final AdminAccess access;
    private final Clock clock;
    private final UpstreamAddresses addresses;

    public ApiService(ConfigChange changes, AdminAccess access, Clock clock,
                      UpstreamAddresses addresses) {
        this.addresses = addresses;
        this.changes = changes;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public ApiView create(ApiRequests.Create req) {
        return create(req, null);
    }

    /**
     * Creates the API; the caller becomes its owner unless a platform admin names another.
     *
     * @param openapiDocument the imported OpenAPI document as given, or null
     */
    @Transactional
    public ApiView create(ApiRequests.Create req, String openapiDocument) {
        String name = ClientInput.requiredText("name", req.name());
        String owner = req.ownerSubject() != null ? ClientInput.requiredText("ownerSubject", req.ownerSubject())
                : access.subject();
        if (req.ownerSubject() != null && !access.isPlatformAdmin() && !owner.equals(access.subject())) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Only a platform admin may make someone else the owner of an API.");
        }
        String slug = req.slug() != null ? req.slug() : Slug.of(name);
        String version = req.version() == null ? "v1" : req.version();
        if (Api.count("slug = ?1 and version = ?2", slug, version) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "API '" + slug + "' " + version + " already exists");
        }
        List<String> tags = ApiTags.of(req.tags());
        String host = req.host() == null ? null : req.host().toLowerCase(Locale.ROOT);
        requireFreeRoute(host, req.routePath(), RouteService.methods(req.methods()), List.of(), null);
        Instant now = clock.instant();

        Api api = new Api();
        api.id = UUID.randomUUID();
        api.name = name;
        api.slug = slug;
        api.version = version;
        api.description = req.description() == null ? "" : req.description();
        api.lifecycle = req.lifecycle() == null ? Lifecycle.DRAFT : req.lifecycle();
        api.deprecatedAt = api.lifecycle == Lifecycle.DEPRECATED ? now : null;
        api.ownerSubject = owner;
        api.openapiDocument = openapiDocument;
        api.tags = tags.toArray(String[]::new);
        api.createdAt = api.updatedAt = now;

        ApiRoute route = new ApiRoute();
        route.id = UUID.randomUUID();
        route.api = api;
        route.pathPrefix = req.routePath();
        route.host = host;
        route.methods = RouteService.methods(req.methods());
        route.stripPrefix = req.stripPrefix() == null || req.stripPrefix();
        route.connectTimeoutMs = req.connectTimeoutMs() == null ? 2_000 : req.connectTimeoutMs();
        route.responseTimeoutMs = req.responseTimeoutMs() == null ? 30_000 : req.responseTimeoutMs();
        route.createdAt = route.updatedAt = now;
        api.routes.add(route);

        UpstreamTarget target = new UpstreamTarget();
        target.id = UUID.randomUUID();
        target.api = api;
        target.url = upstreamUrl("upstreamUrl", req.upstreamUrl());
        addresses.require("upstreamUrl", target.url);
        target.weight = 1;
        target.enabled = true;
        target.createdAt = target.updatedAt = now;
        api.targets.add(target);

        api.persist();
        return changes.record("api", api.id, "created", null, ApiView.of(api));
    }

    @Transactional
    public ApiView update(UUID id, ApiRequests.Update req) {
        Api api = find(id);
        access.requireMayManageApi(api.ownerSubject, "API " + id);
        String name = ClientInput.requiredText("name", req.name());
        String owner = ClientInput.requiredText("ownerSubject", req.ownerSubject());
        ApiView before = ApiView.of(api);
        Instant now = clock.instant();
        if (owner != null && !owner.equals(api.ownerSubject)) {
            if (!access.isPlatformAdmin()) {
                throw new ApiProblem(ProblemType.FORBIDDEN, "Only a platform admin may hand an API to another owner.");
            }
            api.ownerSubject = owner;
        }
        if (name != null) {
            api.name = name;
        }
        if (req.description() != null) {
            api.description = req.description();
        }
        if (req.sunsetAt() != null) {
            api.sunsetAt = req.sunsetAt();
        }
        if (req.tags() != null) {
            api.tags = ApiTags.of(req.tags()).toArray(String[]::new);
        }
        if (req.lifecycle() != null && req.lifecycle() != api.lifecycle) {
            if (!TRANSITIONS.get(api.lifecycle).contains(req.lifecycle())) {
                throw new ApiProblem(ProblemType.INVALID_TRANSITION,
                        "An API cannot move from " + api.lifecycle.code() + " to " + req.lifecycle().code());
            }
            api.lifecycle = req.lifecycle();
            api.deprecatedAt = api.lifecycle == Lifecycle.DEPRECATED ? clock.instant() : null;
        }
        if (!api.routes.isEmpty()) {
            ApiRoute route = api.routes.get(0);
            if (req.routePath() != null && !req.routePath().equals(route.pathPrefix)) {
                requireFreeRoute(route.host, req.routePath(), route.methods, route.headers(), route.id);
                route.pathPrefix = req.routePath();
            }
            if (req.connectTimeoutMs() != null) {
                route.connectTimeoutMs = req.connectTimeoutMs();
            }
            if (req.responseTimeoutMs() != null) {
                route.responseTimeoutMs = req.responseTimeoutMs();
            }
            route.updatedAt = now;
        }
        if (req.upstreamUrl() != null && !api.targets.isEmpty()) {
            UpstreamTarget target = api.targets.get(0);
            target.url = upstreamUrl("upstreamUrl", req.upstreamUrl());
            addresses.require("upstreamUrl", target.url);
            target.updatedAt = now;
        }
        api.updatedAt = now;
        return changes.record("api", id, "updated", before, ApiView.of(api));
    }

    /**
     * Replaces the API's upstream targets. Targets whose URL stays keep their id; the order given is
     * the order shown (the first is the one {@code upstreamUrl} on PATCH changes).
     */
    @Transactional
    public ApiView replaceTargets(UUID id, ApiRequests.Targets req) {
        Api api = find(id);
        access.requireMayManageApi(api.ownerSubject, "API " + id);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < req.targets().size(); i++) {
            String url = upstreamUrl("targets[" + i + "].url", req.targets().get(i).url());
            if (urls.contains(url)) {
                throw ApiProblem.invalidField("targets[" + i + "].url", "is already a target of this API");
            }
            urls.add(url);
        }
        if (req.targets().stream().noneMatch(t -> t.enabled() == null || t.enabled())) {
            throw ApiProblem.invalidField("targets", "at least one target must be enabled");
        }
        List<Problem.FieldError> forbidden = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            addresses.check("targets[" + i + "].url", urls.get(i), forbidden);
        }
        UpstreamAddresses.refuse(forbidden);
        ApiView before = ApiView.of(api);
        Instant now = clock.instant();
        Map<String, UpstreamTarget> existing = new HashMap<>();
        api.targets.forEach(t -> existing.put(t.url, t));
        List<UpstreamTarget> next = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            ApiRequests.Target in = req.targets().get(i);
            UpstreamTarget t = existing.remove(urls.get(i));
            if (t == null) {
                t = new UpstreamTarget();
                t.id = UUID.randomUUID();
                t.api = api;
                t.url = urls.get(i);
                // Microseconds apart, so the stored order (by createdAt) is the order given.
                t.createdAt = now.plusNanos(1_000L * i);
            }
            t.weight = in.weight() == null ? 1 : in.weight();
            t.enabled = in.enabled() == null || in.enabled();
            t.updatedAt = now;
            next.add(t);
        }
        api.targets.clear();
        api.targets.addAll(next);
        api.updatedAt = now;
        return changes.record("api", id, "targets-replaced", before, ApiView.of(api));
    }

    /** Replaces the API's gateway options; empty options clear them (the gateway's defaults apply). */
    @Transactional
    public ApiView replaceOptions(UUID id, GatewayOptions.ApiOptions options) {
        GatewayOptionsRules.check(options);
        List<Problem.FieldError> forbidden = new ArrayList<>();
        addresses.check(options, "", forbidden);
        UpstreamAddresses.refuse(forbidden);
        Api api = find(id);
        access.requireMayManageApi(api.ownerSubject, "API " + id);
        ApiView before = ApiView.of(api);
        api.gatewayOptions = options.isEmpty() ? null : StoredOptions.write(options);
        api.updatedAt = clock.instant();
        return changes.record("api", id, "options-replaced", before, ApiView.of(api));
    }

    /** Replaces one route's gateway options; empty options clear them. */
    @Transactional
    public ApiView replaceRouteOptions(UUID id, UUID routeId, GatewayOptions.RouteOptions options) {
        GatewayOptionsRules.check(options);
        List<Problem.FieldError> forbidden = new ArrayList<>();
        addresses.check(options, "", forbidden);
        UpstreamAddresses.refuse(forbidden);
        Api api = find(id);
        access.requireMayManageApi(api.ownerSubject, "API " + id);
        ApiRoute route = api.routes.stream().filter(r -> r.id.equals(routeId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Route", routeId + " of API " + id));
        ApiView before = ApiView.of(api);
        Instant now = clock.instant();
        route.gatewayOptions = options.isEmpty() ? null : StoredOptions.write(options);
        route.updatedAt = now;
        api.updatedAt = now;
        return changes.record("api", id, "route-options-replaced", before, ApiView.of(api));
    }

    @Transactional
    public ApiView get(UUID id) {
        return ApiView.of(find(id));
    }

    /** The OpenAPI document of the API (imported or attached) as it was given, or a 404 problem when there is none. */
    @Transactional
    public String openapiDocument(UUID id) {
        Api api = find(id);
        if (api.openapiDocument == null) {
            throw new ApiProblem(ProblemType.NOT_FOUND, "API " + id
                    + " has no OpenAPI document: attach one with PUT /admin/v1/apis/" + id + "/openapi");
        }
        return api.openapiDocument;
    }

    /**
     * Stores the document as the API's OpenAPI document, replacing any it had (the caller has checked it). Audited as
     * {@code api.openapi-replaced}; no config version, since gateways do not read the document, and the routes stay
     * as they are.
     */
    @Transactional
    public ApiView replaceOpenapiDocument(UUID id, String document) {
        Api api = find(id);
        access.requireMayManageApi(api.ownerSubject, "API " + id);
        ApiView before = ApiView.of(api);
        api.openapiDocument = document;
        api.updatedAt = clock.instant();
        return changes.record("api", id, "openapi-replaced", before, ApiView.of(api), false);
    }

    @Transactional
    public Page<ApiView> list(Lifecycle lifecycle, int offset, int limit) {
        var q = lifecycle == null
                ? Api.<Api>findAll(Sort.by("name").and("version").and("id"))
                : Api.<Api>find("lifecycle = :l", Sort.by("name").and("version").and("id"), Parameters.with("l", lifecycle));
        return new Page<>(q.range(offset, offset + limit - 1).stream().map(ApiView::of).toList(),
                q.count(), offset, limit);
    }

    /** Every API whose owner is the subject, by name and version (an API owner's own APIs). */
    @Transactional
    public List<ApiView> ownedBy(String ownerSubject) {
        if (ownerSubject == null) {
            return List.of();
        }
        return Api.<Api>find("ownerSubject = :o", Sort.by("name").and("version").and("id"), Parameters.with("o", ownerSubject))
                .stream().map(ApiView::of).toList();
    }

    public static Api find(UUID id) {
        Api api = Api.findById(id);
        if (api == null) {
            throw ApiProblem.notFound("API", id);
        }
        return api;
    }

    private static void requireFreeRoute(String host, String pathPrefix, String methods, List<HeaderCondition> headers,
                                         UUID exceptRoute) {
        RouteService.requireNoIdenticalRoute(host, pathPrefix, methods, headers, exceptRoute);
    }

    static String upstreamUrl(String field, String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw ApiProblem.invalidField(field, "must be an http or https URL");
            }
            if (uri.getHost() == null) {
                throw ApiProblem.invalidField(field, "must name a host (and a port from 1 to 65535, if any)");
            }
            if (!GatewayOptionsRules.validPort(uri.getPort())) {
                throw ApiProblem.invalidField(field, "must have a port from 1 to 65535");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw ApiProblem.invalidField(field, "must not carry a query, fragment or credentials");
            }
            String s = uri.toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        } catch (URISyntaxException e) {
            throw ApiProblem.invalidField(field, "is not a valid URL");
        }
    }
}
