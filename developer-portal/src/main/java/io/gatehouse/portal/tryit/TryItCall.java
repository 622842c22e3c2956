package io.gatehouse.portal.tryit;

import java.net.URI;
import java.util.List;

/**
 * A request the console sends to the gateway, built by {@link TryItCalls} from the document and
 * the form: never from a URL the browser gave.
 *
 * @param headers the headers to send, without the key (the relay adds it)
 * @param body    the body, or null for none
 */
public record TryItCall(String method, URI uri, List<Header> headers, byte[] body) {

    /** The path and query sent, as the page shows them (the gateway's address is on the API page). */
    public String target() {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    public record Header(String name, String value) {
    }
}
