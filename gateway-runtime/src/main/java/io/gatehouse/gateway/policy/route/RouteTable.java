package io.gatehouse.gateway.policy.route;

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
 */
public final class RouteTable {

    /** Routes per prefix; host-specific routes first so they win over any-host routes of the same prefix. */
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
            list.sort(Comparator.comparing((Route r) -> r.host() == null));
            sorted.put(prefix, List.copyOf(list));
        });
        return new RouteTable(Map.copyOf(sorted));
    }

    public static RouteTable empty() {
        return new RouteTable(Map.of());
    }

    /**
     * Finds the route for a request.
     *
     * @param method upper-case method
     * @param host   lower-case host without port, or {@code null}
     * @param path   normalized path starting with {@code /}
     */
    public RouteMatch match(String method, String host, String path) {
        TreeSet<String> allowed = null;
        String candidate = path.isEmpty() ? "/" : path;
        while (true) {
            List<Route> routes = byPrefix.get(candidate);
            if (routes != null) {
                for (Route route : routes) {
                    if (route.host() != null && !route.host().equals(host)) {
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
