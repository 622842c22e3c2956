package io.gatehouse.billing.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every exception that reaches the REST layer into problem+json; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response billingProblem(BillingProblem e, UriInfo uri) {
        return respond(e.type(), e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response managementUnavailable(io.gatehouse.billing.planfeed.ManagementUnavailableException e, UriInfo uri) {
        LOG.warnf("period close waits: %s", e.getMessage());
        return Response.fromResponse(respond(ProblemType.MANAGEMENT_UNAVAILABLE, e.getMessage(), uri, null))
                .header("Retry-After", "60").build();
    }

    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(ProblemType.UNAUTHENTICATED,
                        "Send a bearer token: an OIDC access token with a billing role, or the admin token.", uri, null))
                .header("WWW-Authenticate", "Bearer realm=\"gatehouse\"").build();
    }

    /**
     * OIDC could not reach the identity provider to check a bearer token that is not one of the static tokens
     * (Quarkus OIDC retries on each request and has logged the failure): not the caller's fault and not a bug,
     * so 503 {@code idp-unavailable} naming the provider, as management answers. The static tokens still work.
     */
    @ServerExceptionMapper
    public Response identityProviderDown(io.quarkus.oidc.OIDCException e, UriInfo uri) {
        return Response.fromResponse(respond(ProblemType.IDP_UNAVAILABLE, "The identity provider at " + issuer()
                        + " does not answer, so bearer tokens cannot be checked now. Start it, or set GATEHOUSE_OIDC_URL to where it runs.",
                        uri, null))
                .header("Retry-After", "30").build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, "Your role does not allow this action.", uri, null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        ProblemType t = switch (status) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.VALIDATION_FAILED;
        };
        if (status >= 500) {
            LOG.error("Request failed", e);
            return respond(t, "The request could not be completed.", uri, null);
        }
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(t.type(), t.title(), status, e.getMessage(), path(uri), null)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unexpected failure", e);
        return respond(ProblemType.INTERNAL_ERROR, "The request could not be completed.", uri, null);
    }

    private static Response respond(ProblemType t, String detail, UriInfo uri, java.util.List<Problem.FieldError> errors) {
        return Response.status(t.status()).type(Problem.MEDIA_TYPE)
                .entity(new Problem(t.type(), t.title(), t.status(), detail, path(uri), errors)).build();
    }

    private static String issuer() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse("(not configured)");
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
