package io.gatehouse.gateway.policy.route;

import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Objects;

/**
 * A header a route asks for: present, or carrying an exact value.
 *
 * @param name  the header name, lower-case (header names are case-insensitive)
 * @param value the exact value one of the header's values must have (case-sensitive), or {@code null} for any value
 */
public record HeaderCondition(String name, String value) {

    public HeaderCondition {
        Objects.requireNonNull(name, "header condition without a name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("header condition with a blank name");
        }
        name = name.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code headers} (a case-insensitive map) meet the condition; no allocation. */
    public boolean test(MultiMap headers) {
        return value == null ? headers.contains(name) : headers.contains(name, value, false);
    }
}
