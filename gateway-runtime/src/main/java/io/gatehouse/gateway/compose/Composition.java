package io.gatehouse.gateway.compose;

import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.proxy.UpstreamTarget;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A composition route, compiled once per snapshot: the parts fetched concurrently for each request and merged into
 * one JSON answer (see {@link CompositionMerge}).
 *
 * @param parts        the parts, in the order they were declared (1–16, unique names)
 * @param maxPartBytes the largest body taken from one part; a larger one is that part's error {@code part-too-large}
 */
public record Composition(List<Part> parts, long maxPartBytes) {

    public static final int MAX_PARTS = 16;
    public static final long DEFAULT_MAX_PART_BYTES = 1_048_576;
    public static final long MAX_PART_BYTES_LIMIT = 16_777_216;
    public static final int MAX_TIMEOUT_MS = 60_000;
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Composition {
        parts = List.copyOf(parts);
        if (parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw new IllegalArgumentException("compose.parts must hold 1 to " + MAX_PARTS + " parts");
        }
        Set<String> names = new HashSet<>();
        for (Part part : parts) {
            if (!names.add(part.name())) {
                throw new IllegalArgumentException("compose.parts: the name '" + part.name() + "' is used twice");
            }
        }
        if (maxPartBytes < 1 || maxPartBytes > MAX_PART_BYTES_LIMIT) {
            throw new IllegalArgumentException("compose.maxPartBytes must be 1.." + MAX_PART_BYTES_LIMIT);
        }
    }

    /** The longest any part may take: the composition answers by then at the latest. */
    public int slowestTimeoutMs() {
        return parts.stream().mapToInt(Part::timeoutMs).max().orElse(0);
    }

    /**
     * One upstream call of a composition.
     *
     * @param name      the member of {@code parts} (or {@code errors}) its answer is put under
     * @param target    for an absolute URL, the host to call (its path is {@link UpstreamTarget#basePath()});
     *                  {@code null} when the part is relative to the API's targets
     * @param path      for a relative part, the path (and query) after the chosen target's base path; else {@code null}
     * @param query     the part's own query (without {@code ?}), or {@code null}
     * @param timeoutMs how long the part may take from start to the end of its body
     * @param required  whether the whole composition fails when this part fails
     */
    public record Part(String name, UpstreamTarget target, String path, String query, int timeoutMs, boolean required) {

        public Part {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("compose part name must be 1-64 letters, digits, '-' or '_': " + name);
            }
            if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
                throw new IllegalArgumentException("compose part '" + name + "': timeoutMs must be 1.." + MAX_TIMEOUT_MS);
            }
            if ((target == null) == (path == null)) {
                throw new IllegalArgumentException("compose part '" + name + "' needs either an absolute URL or a path");
            }
        }

        /**
         * Parses a part's {@code url}: {@code http(s)://host[:port]/path[?query]}, or a path starting with {@code /}
         * that is appended to the base path of whichever of the API's targets the load balancer picks.
         */
        public static Part of(String name, String method, String url, int timeoutMs, boolean required) {
            if (method != null && !method.isBlank() && !method.trim().toUpperCase(Locale.ROOT).equals("GET")) {
                throw new IllegalArgumentException("compose part '" + name + "': method must be GET");
            }
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("compose part '" + name + "' has no url");
            }
            String u = url.trim();
            String query = null;
            int q = u.indexOf('?');
            if (q >= 0) {
                query = u.substring(q + 1);
                u = u.substring(0, q);
            }
            if (u.indexOf('#') >= 0 || u.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)
                    || (query != null && (query.indexOf('#') >= 0 || query.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)))) {
                throw new IllegalArgumentException("compose part '" + name + "': url has a fragment or characters "
                        + "that must be encoded: " + url);
            }
            if (u.startsWith("/")) {
                return new Part(name, null, u, query, timeoutMs, required);
            }
            UpstreamTarget target;
            try {
                target = UpstreamTarget.parse(name, u, 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("compose part '" + name + "': " + e.getMessage());
            }
            return new Part(name, target, null, query, timeoutMs, required);
        }
    }

    /** Builds a composition from parts, for the compiler and tests. */
    public static Composition of(List<Part> parts, Long maxPartBytes) {
        return new Composition(new ArrayList<>(parts), maxPartBytes == null ? DEFAULT_MAX_PART_BYTES : maxPartBytes);
    }

    /**
     * A route's {@code compose} from the snapshot, or {@code null} for a proxy route; a part without a timeout gets
     * the route's response timeout, capped at {@link #MAX_TIMEOUT_MS}.
     */
    public static Composition of(Snapshot.Compose compose, int routeTimeoutMs) {
        if (compose == null) {
            return null;
        }
        List<Part> parts = new ArrayList<>();
        for (Snapshot.ComposePart p : compose.parts() == null ? List.<Snapshot.ComposePart>of() : compose.parts()) {
            if (p == null) {
                throw new IllegalArgumentException("compose.parts holds a null");
            }
            parts.add(Part.of(p.name(), p.method(), p.url(),
                    p.timeoutMs() == null ? Math.min(routeTimeoutMs, MAX_TIMEOUT_MS) : p.timeoutMs(),
                    Boolean.TRUE.equals(p.required())));
        }
        return of(parts, compose.maxPartBytes());
    }
}
