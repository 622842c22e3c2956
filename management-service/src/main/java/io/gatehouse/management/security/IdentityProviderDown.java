package io.gatehouse.management.security;

import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.oidc.OIDCException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What we answer when the OIDC identity provider does not answer. Quarkus OIDC starts without it
 * and tries again on each request that needs a tenant; while it cannot reach the provider's discovery
 * document it fails that request with an {@link OIDCException}. That is not the caller's fault and not
 * a bug of ours, so it is a {@code 503 idp-unavailable} problem: as problem+json on the APIs (mapped
 * here), as a page in the console ({@code console.SignInUnavailablePage}, for the failures that happen
 * before the REST layer).
 */
@ApplicationScoped
public class IdentityProviderDown {

    /** Where to look when the provider is down: the start script, or the variable naming its URL. */
    static final String REMEDY = "Start it with ./gatehouse up (which runs Keycloak, or uses the one GATEHOUSE_IDP_URL names), "
            + "or set this service's GATEHOUSE_OIDC_URL to where it runs.";

    private final String apiIssuer;
    private final String consoleIssuer;

    public IdentityProviderDown(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String apiIssuer,
                                @ConfigProperty(name = "quarkus.oidc.console.auth-server-url") String consoleIssuer) {
        this.apiIssuer = apiIssuer;
        this.consoleIssuer = consoleIssuer;
    }

    @ServerExceptionMapper
    public Response unavailable(OIDCException e, UriInfo uri) {
        // Quarkus OIDC has logged the connection failure already; a stack trace per request would help nobody.
        String path = uri.getRequestUri().getRawPath();
        Problem problem = path.equals("/console") || path.startsWith("/console/") ? forConsole(path) : forApi(path);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** Whether {@code failure} (or one of its causes) is OIDC failing to reach its provider. */
    public static boolean explains(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OIDCException) {
                return true;
            }
        }
        return false;
    }

    /** The problem for a bearer token that could not be checked; the static tokens still work. */
    public Problem forApi(String instance) {
        return Problem.of(ProblemType.IDP_UNAVAILABLE, "The identity provider at " + apiIssuer
                + " does not answer, so bearer tokens cannot be checked now. " + REMEDY, instance);
    }

    /** The problem for a console page: nobody can sign in. */
    public Problem forConsole(String instance) {
        return Problem.of(ProblemType.IDP_UNAVAILABLE, "The identity provider at " + consoleIssuer
                + " does not answer, so nobody can sign in to the console now. " + REMEDY, instance);
    }
}
