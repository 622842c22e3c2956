package io.gatehouse.portal.layout;

import io.gatehouse.portal.session.ManagementProblem;
import io.gatehouse.portal.session.PortalSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;

/** Pages answer errors with a page a person understands, never a stack trace. */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @Location("layout/error.html")
    Template error;

    @Inject
    PortalSession session;

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return page(404, "Page not found", "There is no page at this address. The catalog lists every API.");
    }

    /** No session cookie: log in first. */
    @ServerExceptionMapper
    public Response signedOut(PortalSession.SignedOut e) {
        return Response.seeOther(URI.create("/login")).build();
    }

    /**
     * Management refused: an ended session goes back to the login page (and its cookie is
     * cleared); an id that is not the partner's is a plain 404, as if it did not exist.
     */
    @ServerExceptionMapper
    public Response management(ManagementProblem e) {
        if (e.signedOut()) {
            return Response.seeOther(URI.create("/login?expired=1")).cookie(session.close()).build();
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
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("title", title).data("message", message).data("status", status).render())
                .build();
    }
}
