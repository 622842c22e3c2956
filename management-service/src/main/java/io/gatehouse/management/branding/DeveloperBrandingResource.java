package io.gatehouse.management.branding;

import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The portal's branding for the developer portal, public like the catalog (the portal shows it to everyone). The
 * portal polls the settings and fetches the logo and stylesheet again only when their version changed.
 */
@Path("/developer/v1/portal/branding")
@PermitAll
public class DeveloperBrandingResource {

    private final BrandingService branding;

    public DeveloperBrandingResource(BrandingService branding) {
        this.branding = branding;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DeveloperBranding get() {
        return branding.forPortal();
    }

    /** The logo's bytes (PNG, JPEG or WebP); a 404 problem when there is none. */
    @GET
    @Path("/logo")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON})
    public Response logo() {
        return logoResponse(branding.logo());
    }

    /** The admin's stylesheet as {@code text/css}; a 404 problem when there is none. */
    @GET
    @Path("/stylesheet")
    @Produces({"text/css", MediaType.APPLICATION_JSON})
    public Response stylesheet() {
        String css = branding.stylesheet();
        if (css == null) {
            throw new ApiProblem(ProblemType.NOT_FOUND, "No portal stylesheet is set");
        }
        return Response.ok(css, "text/css; charset=utf-8").build();
    }

    static Response logoResponse(LogoImage logo) {
        if (logo == null) {
            throw new ApiProblem(ProblemType.NOT_FOUND, "No portal logo is set");
        }
        return Response.ok(logo.bytes(), logo.contentType()).build();
    }
}
