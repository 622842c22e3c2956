package io.gatehouse.management.developer;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The browser's address for throttling. The portal names it in {@code X-Gatehouse-Client-IP},
 * believed only with the portal's token in {@code X-Gatehouse-Portal-Token}; otherwise the peer.
 */
@ApplicationScoped
public class ClientAddress {

    static final String CLIENT_IP = "X-Gatehouse-Client-IP";
    static final String PORTAL_TOKEN = "X-Gatehouse-Portal-Token";

    private final byte[] portalToken;

    public ClientAddress(DeveloperSettings settings) {
        this.portalToken = settings.portalToken().filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    public String of(HttpServerRequest request) {
        String named = request.getHeader(CLIENT_IP);
        String presented = request.getHeader(PORTAL_TOKEN);
        if (named != null && presented != null && portalToken != null
                && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), portalToken)
                && named.length() <= 64) {
            return named.trim();
        }
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
