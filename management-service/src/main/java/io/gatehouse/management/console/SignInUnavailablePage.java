package io.gatehouse.management.console;

import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.security.IdentityProviderDown;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console's answer while the identity provider does not answer: a 503 page that says so and
 * what to do, instead of Quarkus' "Error id …" 500. Console pages require a signed-in user at the
 * HTTP layer ({@code quarkus.http.auth.permission.console}), so OIDC fails there, before any resource
 * or exception mapper runs; a router failure handler is the place that sees it.
 */
@ApplicationScoped
public class SignInUnavailablePage {

    private final IdentityProviderDown identityProviderDown;

    public SignInUnavailablePage(IdentityProviderDown identityProviderDown) {
        this.identityProviderDown = identityProviderDown;
    }

    void register(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!ProblemPages.isConsole(ctx.normalizedPath()) || !IdentityProviderDown.explains(ctx.failure())
                || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Problem problem = identityProviderDown.forConsole(ctx.normalizedPath());
        String html = ProblemPages.page(problem);
        ctx.response().setStatusCode(problem.status())
                .putHeader("Content-Type", "text/html; charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .end(html);
    }
}
