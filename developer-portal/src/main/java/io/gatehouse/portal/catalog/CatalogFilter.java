package io.gatehouse.portal.catalog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the catalog page is asked to show: search words ({@code ?q=}) and a tag ({@code ?tag=}), both optional and
 * combined. It also writes the page's own links, so a search stays in the address and can be shared.
 *
 * @param q   the search text, trimmed, at most {@value #MAX_QUERY} characters; null for none
 * @param tag the tag, trimmed and lower-cased; null for none
 */
public record CatalogFilter(String q, String tag) {

    /** Management refuses longer searches; the page cuts a longer one here rather than show an error. */
    public static final int MAX_QUERY = 200;

    /** The filter of a request's {@code q} and {@code tag}; blank ones are none. */
    public static CatalogFilter of(String q, String tag) {
        String words = q == null || q.isBlank() ? null : q.trim();
        if (words != null && words.length() > MAX_QUERY) {
            words = words.substring(0, MAX_QUERY).trim();
        }
        String t = tag == null || tag.isBlank() ? null : tag.trim().toLowerCase(Locale.ROOT);
        return new CatalogFilter(words, t);
    }

    /** Whether the page shows less than the whole catalog. */
    public boolean filtered() {
        return q != null || tag != null;
    }

    /** Whether this tag is the one the page is filtered by. */
    public boolean isTag(String other) {
        return other.equals(tag);
    }

    /** This search, filtered by {@code other} instead of the current tag. */
    public String withTag(String other) {
        return href(q, other);
    }

    /** This search without its tag. */
    public String withoutTag() {
        return href(q, null);
    }

    /** This tag without the search words. */
    public String withoutQuery() {
        return href(null, tag);
    }

    private static String href(String q, String tag) {
        StringBuilder href = new StringBuilder("/");
        if (q != null) {
            href.append("?q=").append(encode(q));
        }
        if (tag != null) {
            href.append(q == null ? "?" : "&").append("tag=").append(encode(tag));
        }
        return href.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
