package io.gatehouse.management.console;

import io.gatehouse.management.common.Page;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The links under a paginated console list ({@code {#pager p=… /}}): where the shown rows sit in the whole, and
 * the previous and next pages with the same filters.
 *
 * @param previousLink null on the first page
 * @param nextLink     null on the last page
 */
public record Pager(long total, int offset, int shown, String previousLink, String nextLink) {

    /** Rows per page of every console list. */
    static final int SIZE = 50;

    /** The pager of {@code page}; {@code filters} is the list's path with its filters, {@code offset} is added. */
    static Pager of(Page<?> page, UriBuilder filters) {
        String previous = page.offset() <= 0 ? null
                : filters.clone().replaceQueryParam("offset", Math.max(0, page.offset() - page.limit())).build().toString();
        String next = page.offset() + page.items().size() >= page.total() ? null
                : filters.clone().replaceQueryParam("offset", page.offset() + page.limit()).build().toString();
        return new Pager(page.total(), page.offset(), page.items().size(), previous, next);
    }

    /** An offset from the query as a list may use it: never negative. */
    static int offset(Integer offset) {
        return offset == null ? 0 : Math.max(0, offset);
    }

    /** "51–100 of 230", or "none" for an empty list. */
    public String summary() {
        if (shown == 0) {
            return total == 0 ? "none" : "nothing on this page (" + total + " in all)";
        }
        return String.format("%,d–%,d of %,d", offset + 1, offset + shown, total);
    }
}
