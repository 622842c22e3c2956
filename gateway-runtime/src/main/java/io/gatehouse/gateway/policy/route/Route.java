package io.gatehouse.gateway.policy.route;

import io.gatehouse.gateway.config.Snapshot;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * @param headers           conditions on request headers that must all hold; empty for none
 * @param position          the route's place in its API's order (0 first): among routes of one prefix and host, the
 *                          lower position is tried first
 * @param rewrite           the path rewrite, or {@code null}; when set it replaces strip-prefix
 */
public record Route(String id, String apiId, String pathPrefix, String host, Set<String> methods,
                    boolean stripPrefix, int connectTimeoutMs, int responseTimeoutMs, RouteOptions options,
                    List<HeaderCondition> headers, int position, PathRewrite rewrite) {

    public Route {
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        methods = Set.copyOf(methods);
        options = options == null ? RouteOptions.DEFAULTS : options;
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public Route(String id, String apiId, String pathPrefix, String host, Set<String> methods,
                 boolean stripPrefix, int connectTimeoutMs, int responseTimeoutMs, RouteOptions options) {
        this(id, apiId, pathPrefix, host, methods, stripPrefix, connectTimeoutMs, responseTimeoutMs, options,
                List.of(), 0, null);
    }

    public Route(String id, String apiId, String pathPrefix, String host, Set<String> methods,
                 boolean stripPrefix, int connectTimeoutMs, int responseTimeoutMs) {
        this(id, apiId, pathPrefix, host, methods, stripPrefix, connectTimeoutMs, responseTimeoutMs, RouteOptions.DEFAULTS);
    }

    public boolean accepts(String method) {
        return methods.isEmpty() || methods.contains(method);
    }

    /** Whether the request headers meet every header condition; indexed loop, no allocation. */
    public boolean acceptsHeaders(MultiMap requestHeaders) {
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.get(i).test(requestHeaders)) {
                return false;
            }
        }
        return true;
    }

    /** The path to forward for {@code path}, before the target's own path is prepended. */
    public String forwardPath(String path) {
        if (rewrite != null) {
            return rewrite.apply("/".equals(pathPrefix) ? path : path.substring(pathPrefix.length()));
        }
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

    /** Time allowed to connect to a target when the route does not say. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    /** Time allowed for the upstream to start answering when the route does not say. */
    public static final int DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;

    /**
     * A route of the API {@code apiId} from the snapshot.
     *
     * @throws IllegalArgumentException (or {@link NullPointerException}) with the reason the route cannot be served
     */
    public static Route of(String apiId, Snapshot.RouteEntry entry) {
        if (entry.pathPrefix() == null) {
            throw new IllegalArgumentException("it has no pathPrefix");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : entry.methods() == null ? List.<String>of() : entry.methods()) {
            if (method != null && !method.isBlank()) {
                methods.add(method.trim().toUpperCase(Locale.ROOT));
            }
        }
        String host = entry.host() == null || entry.host().isBlank() ? null : entry.host().trim().toLowerCase(Locale.ROOT);
        List<HeaderCondition> headers = new ArrayList<>();
        for (Snapshot.HeaderMatch h : entry.headers() == null ? List.<Snapshot.HeaderMatch>of() : entry.headers()) {
            if (h == null || h.name() == null || h.name().isBlank()) {
                throw new IllegalArgumentException("it has a header condition without a name");
            }
            headers.add(new HeaderCondition(h.name(), h.value()));
        }
        Snapshot.Rewrite r = entry.rewrite();
        PathRewrite rewrite = r == null ? null : PathRewrite.of(r.pattern(), r.replacement());
        return new Route(entry.id(), apiId, normalizePrefix(entry.pathPrefix()), host, methods,
                Boolean.TRUE.equals(entry.stripPrefix()),
                positiveOr(entry.connectTimeoutMs(), DEFAULT_CONNECT_TIMEOUT_MS),
                positiveOr(entry.responseTimeoutMs(), DEFAULT_RESPONSE_TIMEOUT_MS), RouteOptions.of(entry),
                headers, entry.position() == null ? 0 : Math.max(0, entry.position()), rewrite);
    }

    static int positiveOr(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
