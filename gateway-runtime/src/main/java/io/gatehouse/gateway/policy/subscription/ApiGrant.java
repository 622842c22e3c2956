package io.gatehouse.gateway.policy.subscription;

import java.util.Locale;
import java.util.Set;

/**
 * What one subscription grants of one API: every route and method ({@link #whole}), or only some routes and/or
 * methods. Compiled once per snapshot; {@link #admits} is two null checks for a whole-API grant and a set lookup per
 * restriction otherwise.
 */
public final class ApiGrant {

    private final Subscription subscription;
    private final String apiId;
    private final Set<String> routeIds;
    private final Set<String> methods;

    /**
     * @param apiId    the API granted
     * @param routeIds the route ids granted, or {@code null} (or empty) for every route of the API
     * @param methods  the methods granted (compared upper-case), or {@code null} (or empty) for every method
     */
    public ApiGrant(Subscription subscription, String apiId, Set<String> routeIds, Set<String> methods) {
        this.subscription = subscription;
        this.apiId = apiId;
        this.routeIds = routeIds == null || routeIds.isEmpty() ? null : Set.copyOf(routeIds);
        this.methods = methods == null || methods.isEmpty() ? null
                : Set.copyOf(methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList());
    }

    /** A grant of the whole API. */
    public static ApiGrant whole(Subscription subscription, String apiId) {
        return new ApiGrant(subscription, apiId, null, null);
    }

    public Subscription subscription() {
        return subscription;
    }

    public String apiId() {
        return apiId;
    }

    /** Whether the grant covers the route (every route when it names none). */
    public boolean includesRoute(String routeId) {
        return routeIds == null || routeId != null && routeIds.contains(routeId);
    }

    /** Whether the grant covers the route and the method (an upper-case method, as the request line has it). */
    public boolean admits(String routeId, String method) {
        return includesRoute(routeId) && (methods == null || method != null && methods.contains(method));
    }
}
