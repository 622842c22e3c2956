package io.gatehouse.gateway.cache;

import java.util.List;
import java.util.Locale;

/**
 * The {@code Cache-Control} directives the cache acts on (RFC 9111 §5.2), read from one message's header values.
 * Unknown directives are ignored, as the RFC requires; a malformed delta-seconds counts as absent.
 */
record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic, boolean mustRevalidate,
                    long maxAge, long sMaxAge) {

    static final CacheControl NONE = new CacheControl(false, false, false, false, false, -1, -1);

    static CacheControl parse(List<String> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        boolean isPublic = false;
        boolean mustRevalidate = false;
        long maxAge = -1;
        long sMaxAge = -1;
        for (String value : values) {
            for (String part : value.split(",")) {
                String directive = part.trim();
                int eq = directive.indexOf('=');
                String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String arg = eq < 0 ? null : unquote(directive.substring(eq + 1).trim());
                switch (name) {
                    case "no-store" -> noStore = true;
                    // A qualified no-cache ("no-cache=Set-Cookie") is treated as the unqualified one: stricter.
                    case "no-cache" -> noCache = true;
                    case "private" -> isPrivate = true;
                    case "public" -> isPublic = true;
                    case "must-revalidate", "proxy-revalidate" -> mustRevalidate = true;
                    case "max-age" -> maxAge = seconds(arg, maxAge);
                    case "s-maxage" -> sMaxAge = seconds(arg, sMaxAge);
                    default -> {
                    }
                }
            }
        }
        return new CacheControl(noStore, noCache, isPrivate, isPublic, mustRevalidate, maxAge, sMaxAge);
    }

    private static long seconds(String arg, long previous) {
        if (arg == null || arg.isEmpty() || !arg.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return previous;
        }
        // RFC 9111 §1.2.2: a value too large to represent counts as 2^31.
        return arg.length() > 10 ? 2_147_483_648L : Math.min(Long.parseLong(arg), 2_147_483_648L);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
