package io.gatehouse.gateway.policy.route;

import java.util.Objects;
import java.util.Set;

/**
 * A compiled route: where requests for one API enter the gateway.
 *
 * @param id                the route id from the snapshot
 * @param apiId             the API this route belongs to
 * @param pathPrefix        normalized prefix: starts with {@code /}, no trailing {@code /} unless it is {@code /}
 * @param host              lower-case host the route is limited to, or {@code null} for any host
 * @param methods           upper-case methods accepted; empty means all
 * @param stripPrefix       whether the prefix is removed before forwarding
 * @param connectTimeoutMs  time allowed to connect to a target
 * @param responseTimeoutMs time allowed for the upstream to start answering
 * @param options           body limit, header transforms, retries
 */
public record Route(String id, String apiId, String pathPrefix, String host, Set<String> methods,
                    boolean stripPrefix, int connectTimeoutMs, int responseTimeoutMs, RouteOptions options) {

    public Route {
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        methods = Set.copyOf(methods);
        options = options == null ? RouteOptions.DEFAULTS : options;
    }

    public Route(String id, String apiId, String pathPrefix, String host, Set<String> methods,
                 boolean stripPrefix, int connectTimeoutMs, int responseTimeoutMs) {
        this(id, apiId, pathPrefix, host, methods, stripPrefix, connectTimeoutMs, responseTimeoutMs, RouteOptions.DEFAULTS);
    }

    public boolean accepts(String method) {
        return methods.isEmpty() || methods.contains(method);
    }

    /** The path to forward for {@code path}, before the target's own path is prepended. */
    public String forwardPath(String path) {
        if (!stripPrefix || "/".equals(pathPrefix)) {
            return path;
        }
        return path.substring(pathPrefix.length());
    }

    /** Normalizes a configured prefix: leading slash, no trailing slash (except the root). */
    public static String normalizePrefix(String prefix) {
        String p = prefix.trim();
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("path prefix must start with '/': " + prefix);
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
