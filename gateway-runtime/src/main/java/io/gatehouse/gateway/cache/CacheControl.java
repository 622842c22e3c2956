package io.gatehouse.gateway.cache;

import java.util.List;
import java.util.Locale;

/**
 * The cache directives the cache acts on, read from one message's {@code Cache-Control} (RFC 9111 §5.2) or from a
 * targeted field such as {@code CDN-Cache-Control} (RFC 9213). Unknown directives are ignored, as the RFC requires,
 * and a comma or a directive name inside a quoted argument is part of the argument.
 * <p>
 * A {@code max-age} or {@code s-maxage} whose argument is not delta-seconds (missing, not digits, single-quoted), or
 * that appears twice with different values, counts as {@code 0}: RFC 9111 §4.2.1 lets a cache consider a response
 * with invalid or duplicated freshness information stale, and stale is the safe reading. The quoted form
 * ({@code max-age="60"}) is accepted, since §5.2 says recipients ought to accept both forms. The same reading applies
 * to the other delta-seconds directives: {@code stale-while-revalidate} and {@code stale-if-error} (RFC 5861, in
 * answers; {@code stale-if-error} also in requests), {@code max-stale} (any staleness without a value) and
 * {@code min-fresh} (requests, §5.2.1.2, §5.2.1.3). A duration of -1 means the directive is absent.
 */
record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic, boolean mustRevalidate,
                    long maxAge, long sMaxAge, long staleWhileRevalidate, long staleIfError, long maxStale,
                    long minFresh, boolean onlyIfCached) {

    static final CacheControl NONE = new CacheControl(false, false, false, false, false, -1, -1, -1, -1, -1, -1, false);

    /** {@link #maxStale()} of a {@code max-stale} without a value: any staleness (RFC 9111 §5.2.1.2). */
    static final long ANY_STALENESS = Long.MAX_VALUE;

    /** RFC 9111 §1.2.2: a delta-seconds too large to represent counts as 2^31. */
    private static final long MAX_SECONDS = 2_147_483_648L;

    /** Reads {@code Cache-Control} field lines. */
    static CacheControl parse(List<String> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        Builder b = new Builder();
        for (String value : values) {
            int i = 0;
            int n = value.length();
            while (i < n) {
                int end = memberEnd(value, i);
                directive(b, value, i, end);
                i = end + 1;
            }
        }
        return b.build();
    }

    /**
     * Reads a targeted field (RFC 9213 §2.1): a Structured Fields Dictionary (RFC 8941 §3.2) whose members are the
     * cache directives. Returns {@code null} when the field does not parse as a Dictionary, so that the cache falls
     * back to the next targeted field or to {@code Cache-Control}, as §2.1 requires. A duplicated key takes its last
     * value (RFC 8941 §4.2.2); a {@code max-age}/{@code s-maxage} that is not a non-negative Integer counts as 0.
     */
    static CacheControl parseTargeted(List<String> lines) {
        Builder b = new Builder();
        String s = lines.size() == 1 ? lines.get(0) : String.join(",", lines);
        int i = skipSpaces(s, 0);
        if (i == s.length()) {
            return null;
        }
        while (i < s.length()) {
            int keyStart = i;
            if (!isLcalphaOrStar(s.charAt(i))) {
                return null;
            }
            i++;
            while (i < s.length() && isKeyChar(s.charAt(i))) {
                i++;
            }
            String key = s.substring(keyStart, i);
            long integer = -1;
            boolean valid = true;
            if (i < s.length() && s.charAt(i) == '=') {
                int valueStart = ++i;
                i = bareItem(s, i);
                if (i < 0) {
                    return null;
                }
                integer = integer(s, valueStart, i);
                valid = integer >= 0;
            }
            i = parameters(s, i);
            if (i < 0) {
                return null;
            }
            switch (key) {
                case "max-age" -> b.maxAge = valid ? integer : 0;
                case "s-maxage" -> b.sMaxAge = valid ? integer : 0;
                case "stale-while-revalidate" -> b.staleWhileRevalidate = valid ? integer : 0;
                case "stale-if-error" -> b.staleIfError = valid ? integer : 0;
                default -> b.flag(key);
            }
            i = skipOws(s, i);
            if (i == s.length()) {
                break;
            }
            if (s.charAt(i) != ',') {
                return null;
            }
            i = skipOws(s, i + 1);
            if (i == s.length()) {
                return null;
            }
        }
        return b.build();
    }

    private static final class Builder {
        boolean noStore;
        boolean noCache;
        boolean isPrivate;
        boolean isPublic;
        boolean mustRevalidate;
        long maxAge = -1;
        long sMaxAge = -1;
        long staleWhileRevalidate = -1;
        long staleIfError = -1;
        long maxStale = -1;
        long minFresh = -1;
        boolean onlyIfCached;

        void flag(String name) {
            switch (name) {
                case "no-store" -> noStore = true;
                // A qualified no-cache ("no-cache=Set-Cookie") is treated as the unqualified one: stricter.
                case "no-cache" -> noCache = true;
                case "private" -> isPrivate = true;
                case "public" -> isPublic = true;
                case "must-revalidate", "proxy-revalidate" -> mustRevalidate = true;
                case "only-if-cached" -> onlyIfCached = true;
                // RFC 9111 §5.2.1.2: without a value, a stale answer of any staleness is acceptable.
                case "max-stale" -> maxStale = ANY_STALENESS;
                default -> {
                }
            }
        }

        CacheControl build() {
            return new CacheControl(noStore, noCache, isPrivate, isPublic, mustRevalidate, maxAge, sMaxAge,
                    staleWhileRevalidate, staleIfError, maxStale, minFresh, onlyIfCached);
        }
    }

    /** One {@code Cache-Control} directive between {@code from} and {@code end}. */
    private static void directive(Builder b, String value, int from, int end) {
        int eq = value.indexOf('=', from);
        if (eq >= end) {
            eq = -1;
        }
        String name = value.substring(from, eq < 0 ? end : eq).trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return;
        }
        if (name.equals("max-stale") && eq < 0) {
            b.flag(name);
        } else if (SECONDS_DIRECTIVES.contains(name)) {
            long seconds = eq < 0 ? 0 : seconds(value.substring(eq + 1, end).trim());
            switch (name) {
                case "max-age" -> b.maxAge = merge(b.maxAge, seconds);
                case "s-maxage" -> b.sMaxAge = merge(b.sMaxAge, seconds);
                case "stale-while-revalidate" -> b.staleWhileRevalidate = merge(b.staleWhileRevalidate, seconds);
                case "stale-if-error" -> b.staleIfError = merge(b.staleIfError, seconds);
                case "max-stale" -> b.maxStale = merge(b.maxStale, seconds);
                default -> b.minFresh = merge(b.minFresh, seconds);
            }
        } else {
            b.flag(name);
        }
    }

    /** Directives whose argument is delta-seconds (RFC 9111 §5.2, RFC 5861 §3 and §4). */
    private static final java.util.Set<String> SECONDS_DIRECTIVES = java.util.Set.of("max-age", "s-maxage",
            "stale-while-revalidate", "stale-if-error", "max-stale", "min-fresh");

    /** A repeated directive with another value is a conflict: stale. */
    private static long merge(long previous, long seconds) {
        return previous < 0 || previous == seconds ? seconds : 0;
    }

    /** delta-seconds, plain or quoted; 0 when invalid. */
    private static long seconds(String arg) {
        if (arg.length() >= 2 && arg.charAt(0) == '"' && arg.charAt(arg.length() - 1) == '"') {
            arg = arg.substring(1, arg.length() - 1);
        }
        if (arg.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
        }
        return arg.length() > 10 ? MAX_SECONDS : Math.min(Long.parseLong(arg), MAX_SECONDS);
    }

    /** Index of the comma ending the member that starts at {@code from} (or the length), skipping quoted strings. */
    private static int memberEnd(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                return i;
            }
        }
        return s.length();
    }

    // --- RFC 8941 pieces for targeted fields -------------------------------------------------------------------

    /** The end of a bare item starting at {@code i}, or -1 if there is none. */
    private static int bareItem(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        char c = s.charAt(i);
        if (c == '-' || (c >= '0' && c <= '9')) {
            int j = c == '-' ? i + 1 : i;
            int start = j;
            while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                j++;
            }
            return j == start || j - start > 16 ? -1 : j;
        }
        if (c == '"') {
            for (int j = i + 1; j < s.length(); j++) {
                char d = s.charAt(j);
                if (d == '\\') {
                    if (j + 1 >= s.length() || (s.charAt(j + 1) != '"' && s.charAt(j + 1) != '\\')) {
                        return -1;
                    }
                    j++;
                } else if (d == '"') {
                    return j + 1;
                } else if (d < 0x20 || d > 0x7e) {
                    return -1;
                }
            }
            return -1;
        }
        if (c == '?') {
            return i + 1 < s.length() && (s.charAt(i + 1) == '0' || s.charAt(i + 1) == '1') ? i + 2 : -1;
        }
        if (c == ':') {
            int end = s.indexOf(':', i + 1);
            return end < 0 ? -1 : end + 1;
        }
        if (Character.isLetter(c) && c < 0x80 || c == '*') {
            int j = i + 1;
            while (j < s.length() && isTokenChar(s.charAt(j))) {
                j++;
            }
            return j;
        }
        return -1;
    }

    /** The value of an sf-integer between {@code from} and {@code to}, or -1 if it is not a non-negative integer. */
    private static long integer(String s, int from, int to) {
        if (to - from > 15 || from == to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return Math.min(n, MAX_SECONDS);
    }

    /** Skips {@code ;key[=item]} parameters; -1 if malformed. */
    private static int parameters(String s, int i) {
        while (i < s.length() && s.charAt(i) == ';') {
            i = skipSpaces(s, i + 1);
            if (i >= s.length() || !isLcalphaOrStar(s.charAt(i))) {
                return -1;
            }
            while (i < s.length() && isKeyChar(s.charAt(i))) {
                i++;
            }
            if (i < s.length() && s.charAt(i) == '=') {
                i = bareItem(s, i + 1);
                if (i < 0) {
                    return -1;
                }
            }
        }
        return i;
    }

    private static boolean isLcalphaOrStar(char c) {
        return (c >= 'a' && c <= 'z') || c == '*';
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*';
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "\"(),;<=>?@[\\]{}".indexOf(c) < 0 || c == ':' || c == '/';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int skipOws(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
