package io.gatehouse.gateway.ingress;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Mounts the gateway as a catch-all route on Quarkus' public HTTP router. {@code /q/health} and
 * {@code /q/metrics} are on the management interface (its own router and port), so every path of
 * the public port, {@code /q/...} too, is an API path. No body handler is installed: the request
 * body must reach the proxy unread.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** Late enough to come after any route Quarkus adds, early enough to come before its not-found fallbacks. */
    static final int ORDER = 10_000;

    void mount(@Observes Router router, GatewayHandler handler) {
        router.route().order(ORDER).handler(handler);
    }
}
