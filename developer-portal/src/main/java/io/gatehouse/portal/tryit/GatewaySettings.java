package io.gatehouse.portal.tryit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where partners reach the gateway and how the try-it console calls it, read and checked once at
 * start. Both URLs come from the operator, never from a request: the console cannot be pointed
 * at another host.
 *
 * @param publicUrl        the gateway as partners call it, shown on every API page ({@code gatehouse.portal.gateway-url})
 * @param relayUrl         where the portal itself sends try-it calls; the public URL unless the portal reaches the
 *                         gateway by another name, e.g. inside docker compose ({@code gatehouse.portal.try-it.gateway-url})
 * @param timeout          the whole try-it call, connection to last byte ({@code gatehouse.portal.try-it.timeout})
 * @param maxResponseBytes a longer response body is cut and marked ({@code gatehouse.portal.try-it.max-response-bytes})
 * @param maxRequestBytes  a longer request body is refused ({@code gatehouse.portal.try-it.max-request-bytes})
 * @param callsPerMinute   try-it calls one session may make per minute ({@code gatehouse.portal.try-it.calls-per-minute})
 */
public record GatewaySettings(URI publicUrl, URI relayUrl, Duration timeout, int maxResponseBytes, int maxRequestBytes,
                              int callsPerMinute) {

    public GatewaySettings {
        publicUrl = base("gatehouse.portal.gateway-url", publicUrl);
        relayUrl = base("gatehouse.portal.try-it.gateway-url", relayUrl);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("gatehouse.portal.try-it.timeout must be more than 0 and at most 2 minutes, not " + timeout);
        }
        if (maxResponseBytes < 1024 || maxResponseBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("gatehouse.portal.try-it.max-response-bytes must be 1024 to 16777216, not " + maxResponseBytes);
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("gatehouse.portal.try-it.max-request-bytes must be 1024 to 16777216, not " + maxRequestBytes);
        }
        if (callsPerMinute < 1 || callsPerMinute > 10_000) {
            throw new IllegalArgumentException("gatehouse.portal.try-it.calls-per-minute must be 1 to 10000, not " + callsPerMinute);
        }
    }

    /** The settings as configured; see the module README for keys and defaults. */
    @ApplicationScoped
    public static class Producer {
        @Inject
        @ConfigProperty(name = "gatehouse.portal.gateway-url", defaultValue = "http://127.0.0.1:8080")
        String publicUrl;
        @Inject
        @ConfigProperty(name = "gatehouse.portal.try-it.gateway-url", defaultValue = "http://127.0.0.1:8080")
        String relayUrl;
        @Inject
        @ConfigProperty(name = "gatehouse.portal.try-it.timeout", defaultValue = "PT10S")
        Duration timeout;
        @Inject
        @ConfigProperty(name = "gatehouse.portal.try-it.max-response-bytes", defaultValue = "262144")
        int maxResponseBytes;
        @Inject
        @ConfigProperty(name = "gatehouse.portal.try-it.max-request-bytes", defaultValue = "65536")
        int maxRequestBytes;
        @Inject
        @ConfigProperty(name = "gatehouse.portal.try-it.calls-per-minute", defaultValue = "20")
        int callsPerMinute;

        @jakarta.enterprise.inject.Produces
        @Singleton
        GatewaySettings settings() {
            return new GatewaySettings(URI.create(publicUrl.strip()), URI.create(relayUrl.strip()),
                    timeout, maxResponseBytes, maxRequestBytes, callsPerMinute);
        }
    }

    /** The URL an API's route path is appended to: http(s), a host, no path beyond "/", no query, fragment or user. */
    private static URI base(String key, URI url) {
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an http or https URL with a host, not '" + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(key + " must not carry a query, fragment or credentials");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException(key + " must be the gateway's origin (scheme, host, port) without a path");
        }
        return URI.create(scheme + "://" + url.getRawAuthority());
    }

    /** The API's base URL as partners call it: the public gateway URL and the route path. */
    public String publicBaseOf(String routePath) {
        return publicUrl + trimmed(routePath);
    }

    /** The route path without a trailing slash ("" for "/"). */
    static String trimmed(String routePath) {
        if (routePath == null) {
            return "";
        }
        return routePath.endsWith("/") ? routePath.substring(0, routePath.length() - 1) : routePath;
    }
}
