package io.gatehouse.portal.branding;

import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The management service's public branding routes ({@code /developer/v1/portal/branding}). */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1/portal/branding")
public interface ManagementBranding {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    BrandingSettings settings();

    /** The logo's bytes with its type; a 404 {@link ManagementProblem} when there is none. */
    @GET
    @Path("/logo")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON})
    Response logo();

    /** The admin's stylesheet; a 404 {@link ManagementProblem} when there is none. */
    @GET
    @Path("/stylesheet")
    @Produces({"text/css", MediaType.APPLICATION_JSON})
    String stylesheet();

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }
}
