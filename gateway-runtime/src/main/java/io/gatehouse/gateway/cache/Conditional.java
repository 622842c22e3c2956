package io.gatehouse.gateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.List;

/**
 * A client's conditional GET or HEAD evaluated against a fresh stored answer (RFC 9111 §4.3.2, RFC 9110 §13.2.2):
 * {@code If-None-Match} by weak comparison (§13.1.2, §8.8.3.2), including {@code *} and lists; only when there is no
 * {@code If-None-Match}, {@code If-Modified-Since} (§13.1.3) against the stored {@code Last-Modified}, or its
 * {@code Date} when it has none, or when it arrived. When the condition is false the cache answers {@code 304}
 * with the fields §15.4.5 requires ({@link #NOT_MODIFIED_FIELDS}).
 * <p>
 * Preconditions meant for the origin ({@code If-Match}, {@code If-Unmodified-Since}, {@code If-Range}) are never
 * evaluated here: {@link CachePolicy} sends such requests upstream.
 */
final class Conditional {

    /** The stored fields a 304 carries (RFC 9110 §15.4.5); {@code Last-Modified} only without an {@code ETag}. */
    static final List<String> NOT_MODIFIED_FIELDS = List.of("Cache-Control", "Content-Location", "Date", "ETag",
            "Expires", "Vary");

    private Conditional() {
    }

    /** True if the request carries a condition this cache evaluates. */
    static boolean isConditional(MultiMap request) {
        return request.contains(HttpHeaders.IF_NONE_MATCH) || request.contains(HttpHeaders.IF_MODIFIED_SINCE);
    }

    /** True if the client's condition is false for {@code stored}: the client's copy is current, answer 304. */
    static boolean notModified(MultiMap request, CachedResponse stored, long nowMillis) {
        List<String> ifNoneMatch = request.getAll(HttpHeaders.IF_NONE_MATCH);
        if (!ifNoneMatch.isEmpty()) {
            return anyWeakMatch(ifNoneMatch, stored.headers().get(HttpHeaders.ETAG));
        }
        List<String> ifModifiedSince = request.getAll(HttpHeaders.IF_MODIFIED_SINCE);
        if (ifModifiedSince.isEmpty()) {
            return false;
        }
        // §13.1.3: ignored unless it is one valid HTTP-date (a list or a second line is not).
        long since = HttpDate.parseSingleton(ifModifiedSince, nowMillis);
        if (since == HttpDate.INVALID) {
            return false;
        }
        long modified = HttpDate.parseSingleton(stored.headers().getAll(HttpHeaders.LAST_MODIFIED), nowMillis);
        if (modified == HttpDate.INVALID) {
            modified = HttpDate.parseSingleton(stored.headers().getAll(HttpHeaders.DATE), nowMillis);
        }
        if (modified == HttpDate.INVALID) {
            modified = stored.responseTimeMillis() / 1000 * 1000;
        }
        return modified <= since;
    }

    /**
     * True if one member of the {@code If-None-Match} lines matches {@code etag} by weak comparison, or a member is
     * {@code *} (there is a current representation: the stored one). A malformed list matches nothing.
     */
    static boolean anyWeakMatch(List<String> lines, String etag) {
        String opaque = etag == null ? null : opaqueTag(etag, 0, etag.length());
        for (String line : lines) {
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (c == ' ' || c == '\t' || c == ',') {
                    i++;
                    continue;
                }
                if (c == '*') {
                    return true;
                }
                int start = i;
                if (line.startsWith("W/", i)) {
                    i += 2;
                }
                if (i >= n || line.charAt(i) != '"') {
                    return false;
                }
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    return false;
                }
                i = close + 1;
                if (opaque != null && opaque.equals(opaqueTag(line, start, i))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The opaque-tag (with its quotes) of the entity-tag between {@code from} and {@code to}; null if malformed. */
    private static String opaqueTag(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        if (s.startsWith("W/", from)) {
            from += 2;
        }
        if (to - from < 2 || s.charAt(from) != '"' || s.charAt(to - 1) != '"' || s.indexOf('"', from + 1) != to - 1) {
            return null;
        }
        return s.substring(from, to);
    }

    /** The headers of the 304 answering from {@code stored} (before {@code Age} and {@code Cache-Status}). */
    static MultiMap notModifiedHeaders(CachedResponse stored) {
        MultiMap source = stored.headers();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : NOT_MODIFIED_FIELDS) {
            List<String> values = source.getAll(name);
            if (!values.isEmpty()) {
                headers.add(name, values);
            }
        }
        if (!source.contains(HttpHeaders.ETAG) && source.contains(HttpHeaders.LAST_MODIFIED)) {
            headers.add("Last-Modified", source.getAll("Last-Modified"));
        }
        return headers;
    }
}
