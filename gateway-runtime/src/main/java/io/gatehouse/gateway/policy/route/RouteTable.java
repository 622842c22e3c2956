package io.gatehouse.gateway.policy.route;

import io.gatehouse.gateway.pipeline.ExchangeConfig;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Routes indexed by path prefix, built once per config. A lookup walks the request path from
 * its longest {@code /}-bounded prefix to the root, so it costs one map lookup per path segment,
 * whatever the number of routes.
 *
 * <p>Precedence: the longest prefix wins; among the routes of one prefix, host-specific ones before any-host ones,
 * then the lower {@link Route#position()}, then routes limited to methods before routes for every method, then
 * routes with header conditions before routes without, then the snapshot's order. The first route whose host and
 * header conditions hold and that accepts the method is the match. A route whose header conditions do not hold is
 * as if absent (it adds nothing to a 405's {@code Allow}).
 */
public final class RouteTable {

    /** The route table of a config; an empty table when there is none. */
    public static final ExchangeConfig.Part<RouteTable> PART = new ExchangeConfig.Part<>("routes", empty());

    private static final Comparator<Route> PRECEDENCE = Comparator.comparing((Route r) -> r.host() == null)
            .thenComparingInt(Route::position)
            .thenComparing(r -> r.methods().isEmpty())
            .thenComparing(r -> r.headers().isEmpty());
    /** Stands for a request without headers (tests, lookups that have none); never written to. */
    private static final MultiMap NO_HEADERS = MultiMap.caseInsensitiveMultiMap();

    /** Routes per prefix, in precedence order. */
    private final Map<String, List<Route>> byPrefix;

    private RouteTable(Map<String, List<Route>> byPrefix) {
        this.byPrefix = byPrefix;
    }

    public static RouteTable of(List<Route> routes) {
        Map<String, List<Route>> grouped = new HashMap<>();
        for (Route route : routes) {
            grouped.computeIfAbsent(route.pathPrefix(), p -> new ArrayList<>()).add(route);
        }
        Map<String, List<Route>> sorted = new HashMap<>();
        grouped.forEach((prefix, list) -> {
            list.sort(PRECEDENCE);
            sorted.put(prefix, List.copyOf(list));
        });
        return new RouteTable(Map.copyOf(sorted));
    }

    public static RouteTable empty() {
        return new RouteTable(Map.of());
    }

    /** Finds the route for a request without headers: routes with header conditions do not match. */
    public RouteMatch match(String method, String host, String path) {
        return match(method, host, path, NO_HEADERS);
    }

    /**
     * Finds the route as for a request whose headers meet every condition. For CORS preflights: a preflight does not
     * carry the headers the actual request will, so its conditions cannot be evaluated.
     */
    public RouteMatch matchIgnoringHeaders(String method, String host, String path) {
        return match(method, host, path, null);
    }

    /**
     * Finds the route for a request.
     *
     * @param method  upper-case method
     * @param host    lower-case host without port, or {@code null}
     * @param path    normalized path starting with {@code /}
     * @param headers the request headers (case-insensitive), or {@code null} to ignore header conditions
     */
    public RouteMatch match(String method, String host, String path, MultiMap headers) {
        TreeSet<String> allowed = null;
        String candidate = path.isEmpty() ? "/" : path;
        while (true) {
            List<Route> routes = byPrefix.get(candidate);
            if (routes != null) {
                for (Route route : routes) {
                    if (route.host() != null && !route.host().equals(host)) {
                        continue;
                    }
                    if (headers != null && !route.acceptsHeaders(headers)) {
                        continue;
                    }
                    if (route.accepts(method)) {
                        return new RouteMatch.Found(route);
                    }
                    if (allowed == null) {
                        allowed = new TreeSet<>();
                    }
                    allowed.addAll(route.methods());
                }
            }
            if ("/".equals(candidate)) {
                break;
            }
            int slash = candidate.lastIndexOf('/');
            candidate = slash <= 0 ? "/" : candidate.substring(0, slash);
        }
        return allowed == null ? RouteMatch.NOT_FOUND : new RouteMatch.MethodNotAllowed(allowed);
    }

    /** Lower-cases a Host header value and drops its port; {@code null} stays {@code null}. */
    public static String hostWithoutPort(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return null;
        }
        String h = hostHeader.trim();
        int end;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            end = close < 0 ? h.length() : close + 1;
        } else {
            int colon = h.indexOf(':');
            end = colon < 0 ? h.length() : colon;
        }
        return h.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
