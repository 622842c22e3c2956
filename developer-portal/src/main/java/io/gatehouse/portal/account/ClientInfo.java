package io.gatehouse.portal.account;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/** The browser's address and the portal's token, as anonymous account calls pass them to management. */
@RequestScoped
public class ClientInfo {

    private final RoutingContext request;
    private final Optional<String> portalToken;

    public ClientInfo(RoutingContext request, @ConfigProperty(name = "gatehouse.portal.management-token") Optional<String> portalToken) {
        this.request = request;
        this.portalToken = portalToken.filter(t -> !t.isBlank());
    }

    /** The peer address (the browser, or with proxy forwarding on, the forwarded client). */
    public String ip() {
        return request.request().remoteAddress() == null ? null : request.request().remoteAddress().hostAddress();
    }

    public String portalToken() {
        return portalToken.orElse(null);
    }
}
