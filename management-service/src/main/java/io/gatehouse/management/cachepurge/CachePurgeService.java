package io.gatehouse.management.cachepurge;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiRoute;
import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.AdminAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Purges of the gateways' response caches. A purge changes no config (no version bump): it is checked, audited as
 * {@code api.cache-purged}, and delivered through {@link PurgeChannel}; if Redis does not take it, the transaction
 * rolls back and the caller learns that nothing was purged.
 */
@ApplicationScoped
public class CachePurgeService {

    private final AuditLog audit;
    private final AdminAccess access;
    private final PurgeChannel channel;
    private final Clock clock;

    public CachePurgeService(AuditLog audit, AdminAccess access, PurgeChannel channel, Clock clock) {
        this.audit = audit;
        this.access = access;
        this.channel = channel;
        this.clock = clock;
    }

    @Transactional
    public PurgeView purge(UUID apiId, PurgeRequest request) {
        Api api = ApiService.find(apiId);
        access.requireMayManageApi(api.ownerSubject, "API " + apiId);
        PurgeRequest req = request == null ? new PurgeRequest(null, null) : request;
        if (req.routeId() != null && req.url() != null) {
            throw ApiProblem.invalidField("url", "name either a routeId or a url, not both");
        }
        String scope = "api";
        if (req.routeId() != null) {
            if (api.routes.stream().noneMatch(r -> r.id.equals(req.routeId()))) {
                throw ApiProblem.invalidField("routeId", "is not a route of API " + apiId);
            }
            scope = "route";
        } else if (req.url() != null) {
            checkUrl(req.url(), api.routes);
            scope = "url";
        }
        PurgeView view = new PurgeView(UUID.randomUUID(), apiId, scope, req.routeId(), req.url(), clock.instant());
        audit.record("api.cache-purged", "api", apiId, null, view);
        channel.deliver(view);
        return view;
    }

    /** A path (with an optional query) under one of the API's route prefixes, as a client would send it. */
    static void checkUrl(String url, List<ApiRoute> routes) {
        if (!url.startsWith("/")) {
            throw ApiProblem.invalidField("url", "must be a path starting with '/' (and an optional query), without the host");
        }
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '#')) {
            throw ApiProblem.invalidField("url", "must not contain spaces, control characters or a fragment");
        }
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw ApiProblem.invalidField("url", "must not contain '.' or '..' segments (gateways key the resolved path)");
            }
        }
        boolean underARoute = routes.stream().map(r -> r.pathPrefix).anyMatch(prefix ->
                prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/"));
        if (!underARoute) {
            throw ApiProblem.invalidField("url", "is not under a route of this API ("
                    + String.join(", ", routes.stream().map(r -> r.pathPrefix).toList()) + ")");
        }
    }
}
