package io.gatehouse.management.console;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the console's CSRF cookie on console responses. quarkus-rest-csrf makes a token on every
 * GET it sees and can limit that only to exact paths, which the console's pages (with ids in
 * them) are not; so the cookie is dropped again from every other answer, lest the admin API and
 * the public catalog hand out cookies (and cacheable catalog answers carry a Set-Cookie).
 */
@ApplicationScoped
public class CsrfCookieScope {

    void register(@Observes Router router,
                  @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token") String cookie) {
        router.route().order(Integer.MIN_VALUE + 10).handler(ctx -> {
            if (!ProblemPages.isConsole(ctx.normalizedPath())) {
                ctx.addHeadersEndHandler(v -> ctx.response().removeCookie(cookie, false));
            }
            ctx.next();
        });
    }
}
