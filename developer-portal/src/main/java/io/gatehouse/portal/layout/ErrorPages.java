package io.gatehouse.portal.layout;

import io.gatehouse.portal.session.ManagementProblem;
import io.gatehouse.portal.session.PortalSession;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Pages answer errors with a page a person understands, never a stack trace. */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @Inject
    ErrorPage errorPage;

    @Inject
    AllowedMethods allowedMethods;

    @Inject
    io.vertx.ext.web.RoutingContext request;

    @Inject
    PortalSession session;

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return page(404, "Page not found", "There is no page at this address. The catalog lists every API.");
    }

    /** No session cookie: log in first. */
    @ServerExceptionMapper
    public Response signedOut(PortalSession.SignedOut e) {
        return SeeOther.to("/login").build();
    }

    /**
     * Management refused: an ended session goes back to the login page (and its cookie is
     * cleared); an id that is not the partner's is a plain 404, as if it did not exist.
     */
    @ServerExceptionMapper
    public Response management(ManagementProblem e) {
        if (e.signedOut()) {
            return SeeOther.to("/login?expired=1").cookie(session.close()).build();
        }
        if (e.status() == 404) {
            return page(404, "Page not found", "There is nothing here, or it is not yours to see.");
        }
        if (e.status() == 429) {
            return page(429, "Too many attempts", e.detail());
        }
        if (e.status() >= 500) {
            LOG.warnf("The management service failed: %d %s", e.status(), e.type());
            return unavailable();
        }
        return page(400, "That did not work", e.detail());
    }

    /**
     * What the HTTP layer refused before a page ran: a method the address does not take (a GET on a
     * form's address, {@code PUT /login}: 405 with {@code Allow}), a body type no form sends (JSON to
     * {@code /login}: 415), a body too large (413), a malformed form or parameter (400). Each is a page
     * in words, with its real status; never a 500.
     */
    @ServerExceptionMapper
    public Response refusedByHttp(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 404 -> notFound(null);
            case 405 -> {
                Response.ResponseBuilder page = errorPage.builder(405, "This address does not take that",
                        "This address is only for sending a form from its page. Open the page and use its button instead.");
                String allow = allowedMethods.allow(request.normalizedPath());
                yield (allow.isEmpty() ? page : page.header(HttpHeaders.ALLOW, allow)).build();
            }
            case 406 -> page(406, "This page cannot be shown that way", "This address answers with a web page only.");
            case 413 -> page(413, "That was too large", "What you sent is larger than this page accepts. Send less and try again.");
            case 415 -> page(415, "This form was not sent as a form",
                    "This address takes what its page's form sends, nothing else. Open the page and send the form from there.");
            default -> {
                if (status >= 400 && status < 500) {
                    yield page(status, "That did not work", "The request could not be read. Open the page again and retry.");
                }
                yield unexpected(e);
            }
        };
    }

    /** Management cannot be reached. */
    @ServerExceptionMapper
    public Response unreachable(ProcessingException e) {
        LOG.warnf("The management service could not be reached: %s", e.toString());
        return unavailable();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Page failed", e);
        return page(500, "Something went wrong", "This page could not be shown. Please try again in a moment.");
    }

    private Response unavailable() {
        return Response.fromResponse(page(503, "Temporarily unavailable",
                "This page cannot be shown right now. Please try again in a minute.")).header("Retry-After", "30").build();
    }

    private Response page(int status, String title, String message) {
        return errorPage.render(status, title, message);
    }
}
