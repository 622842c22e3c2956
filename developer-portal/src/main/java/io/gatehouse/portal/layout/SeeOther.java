package io.gatehouse.portal.layout;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The answer to a form post that changed something: {@code 303 See Other} to a page on this site,
 * with a relative {@code Location}. {@code Response.seeOther(URI)} would resolve the path against
 * the request's base URI, which is built from the {@code Host} header a client chooses; a relative
 * Location is resolved by the browser against the address it really asked.
 */
public final class SeeOther {

    private SeeOther() {
    }

    /** @param path a path on this site starting with one {@code /} (never {@code //}, which would leave it) */
    public static Response.ResponseBuilder to(String path) {
        if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) {
            throw new IllegalArgumentException("not a path on this site: " + path);
        }
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, path);
    }
}
