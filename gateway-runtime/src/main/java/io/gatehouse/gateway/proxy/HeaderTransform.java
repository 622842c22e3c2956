package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.config.Snapshot;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header edits a route declares for one direction, compiled once per snapshot and applied in the order
 * remove, set, add. Hop-by-hop and framing headers cannot be touched (they are the gateway's business), so a
 * transform can never break framing.
 *
 * @param remove names to remove
 * @param set    names to replace with one value
 * @param add    values appended to what is there
 */
public record HeaderTransform(List<String> remove, Map<String, String> set, Map<String, String> add) {

    public static final HeaderTransform NONE = new HeaderTransform(List.of(), Map.of(), Map.of());

    private static final Set<String> PROTECTED = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "te", "trailer", "upgrade", "host");

    public HeaderTransform {
        remove = List.copyOf(remove);
        set = Map.copyOf(set);
        add = Map.copyOf(add);
        for (String name : remove) {
            check(name);
        }
        set.forEach((name, value) -> check(name, value));
        add.forEach((name, value) -> check(name, value));
    }

    /** Builds a transform from snapshot values (any may be {@code null}); {@link #NONE} when there is nothing to do. */
    public static HeaderTransform of(List<String> remove, Map<String, String> set, Map<String, String> add) {
        HeaderTransform t = new HeaderTransform(remove == null ? List.of() : remove, set == null ? Map.of() : set,
                add == null ? Map.of() : add);
        return t.isEmpty() ? NONE : t;
    }

    public boolean isEmpty() {
        return remove.isEmpty() && set.isEmpty() && add.isEmpty();
    }

    public void apply(MultiMap headers) {
        if (this == NONE) {
            return;
        }
        for (String name : remove) {
            headers.remove(name);
        }
        set.forEach(headers::set);
        add.forEach(headers::add);
    }

    private static void check(String name, String value) {
        check(name);
        if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header transform value for '" + name + "' is missing or has a line break");
        }
    }

    private static void check(String name) {
        if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
            throw new IllegalArgumentException("header transform has an invalid header name: '" + name + "'");
        }
        if (PROTECTED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header transform may not change '" + name + "' (framing/hop-by-hop)");
        }
    }

    /** One direction's header edits from the snapshot; {@link #NONE} when there are none. */
    public static HeaderTransform of(Snapshot.HeaderEdits edits) {
        return edits == null ? NONE : of(edits.remove(), edits.set(), edits.add());
    }
}
