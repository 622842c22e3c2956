package io.gatehouse.portal.layout;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The error page ({@code layout/error.html}): a title and a sentence a person understands, with a status. */
@ApplicationScoped
public class ErrorPage {

    private final Template error;

    public ErrorPage(@Location("layout/error.html") Template error) {
        this.error = error;
    }

    public Response.ResponseBuilder builder(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("title", title).data("message", message).data("status", status).render());
    }

    public Response render(int status, String title, String message) {
        return builder(status, title, message).build();
    }
}
