package io.gatehouse.gateway.ingress;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Mounts the gateway as a catch-all route on Quarkus' HTTP router, ordered after Quarkus' own
 * routes so {@code /q/health} and {@code /q/metrics} keep working. No body handler is installed:
 * the request body must reach the proxy unread.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** Late enough to come after Quarkus' routes, early enough to come before its not-found fallbacks. */
    static final int ORDER = 10_000;

    void mount(@Observes Router router, GatewayHandler handler) {
        router.route().order(ORDER).handler(handler);
    }
}
