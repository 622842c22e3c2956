package io.gatehouse.gateway.policy.scrub;

import io.gatehouse.gateway.config.ApiOption;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The response headers an API's answers go out without (the snapshot's per-API {@code scrubHeaders}), compiled once.
 * By default {@code Server} and {@code X-Powered-By}: they name the upstream's software and version, which tells an
 * attacker which exploits to try and tells a client nothing it needs.
 *
 * @param names the header names removed from every answer of the API; empty: none
 */
public record ScrubbedHeaders(List<String> names) {

    /** What an API that does not say gets: {@code Server} and {@code X-Powered-By} are removed. */
    public static final ScrubbedHeaders DEFAULT = new ScrubbedHeaders(List.of("Server", "X-Powered-By"));

    /** {@code scrubHeaders: []}: the upstream's headers go out as they came. */
    public static final ScrubbedHeaders NONE = new ScrubbedHeaders(List.of());

    /** An API's {@code scrubHeaders}; {@link #DEFAULT} when absent. */
    public static final ApiOption<ScrubbedHeaders> OPTION = ApiOption.of("scrubHeaders", DEFAULT,
            api -> of(api.scrubHeaders()));

    /** Framing and hop-by-hop headers are the gateway's business: removing one could break the answer. */
    private static final Set<String> PROTECTED = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "te", "trailer", "upgrade");

    public ScrubbedHeaders {
        names = List.copyOf(names);
    }

    /**
     * The snapshot's {@code scrubHeaders}: {@code null} is {@link #DEFAULT}, an empty list {@link #NONE}.
     *
     * @throws IllegalArgumentException for a name that is not a header-name token or names a framing header
     */
    public static ScrubbedHeaders of(List<String> names) {
        if (names == null) {
            return DEFAULT;
        }
        if (names.isEmpty()) {
            return NONE;
        }
        List<String> checked = new ArrayList<>(names.size());
        for (String name : names) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new IllegalArgumentException("scrubHeaders has an invalid header name: '" + name + "'");
            }
            if (PROTECTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("scrubHeaders may not remove '" + name + "' (framing/hop-by-hop)");
            }
            checked.add(name);
        }
        return new ScrubbedHeaders(checked);
    }

    /** Removes the names from {@code headers} (a no-op for names that are absent). */
    public void removeFrom(MultiMap headers) {
        for (int i = 0; i < names.size(); i++) {
            headers.remove(names.get(i));
        }
    }
}
