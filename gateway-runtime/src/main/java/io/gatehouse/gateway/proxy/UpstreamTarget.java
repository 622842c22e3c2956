package io.gatehouse.gateway.proxy;

import java.net.URI;
import java.util.Locale;

/**
 * One upstream server of an API, parsed once from its URL.
 *
 * @param id       target id
 * @param ssl      whether to use TLS
 * @param host     host name or address
 * @param port     port
 * @param basePath the URL's path without trailing slash ({@code ""} for none), prepended to forwarded paths
 * @param weight   share of requests relative to the API's other targets
 */
public record UpstreamTarget(String id, boolean ssl, String host, int port, String basePath, int weight) {

    /** Parses an {@code http} or {@code https} URL; throws {@link IllegalArgumentException} with a readable message. */
    public static UpstreamTarget parse(String id, String url, int weight) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target URL is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("target URL must be http or https: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("target URL has no host: " + url);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("target URL must not have a query or fragment: " + url);
        }
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new UpstreamTarget(id, ssl, host, port, path, Math.max(0, weight));
    }

    /** The request URI to send: base path + forwarded path + query. */
    public String requestUri(String forwardPath, String query) {
        String path = basePath + forwardPath;
        if (path.isEmpty()) {
            path = "/";
        } else if (path.charAt(0) != '/') {
            path = "/" + path;
        }
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }
}
