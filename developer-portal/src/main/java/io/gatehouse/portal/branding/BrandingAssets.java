package io.gatehouse.portal.branding;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * The branding's files, linked from {@code layout/base} with {@code ?v=}{@link Branding#tag}: the generated theme stylesheet,
 * the logo and the admin's stylesheet. A URL with the current tag may be kept by browsers for a year; any other
 * answers the current file and must be revalidated. Styles come from files only, so the CSP needs no exception.
 */
@Path("/branding")
public class BrandingAssets {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";

    private final PortalBranding branding;

    public BrandingAssets(PortalBranding branding) {
        this.branding = branding;
    }

    /** {@code --primary} from the validated colour; the defaults when nothing is set. */
    @GET
    @Path("/theme.css")
    @Produces("text/css")
    public Response theme(@QueryParam("v") String v) {
        Branding b = branding.current();
        return cached(Response.ok(b.themeCss(), "text/css; charset=utf-8"), b, v);
    }

    @GET
    @Path("/custom.css")
    @Produces("text/css")
    public Response custom(@QueryParam("v") String v) {
        Branding b = branding.current();
        if (b.stylesheet() == null) {
            throw new NotFoundException();
        }
        return cached(Response.ok(b.stylesheet(), "text/css; charset=utf-8"), b, v);
    }

    @GET
    @Path("/logo")
    @Produces({"image/png", "image/jpeg", "image/webp"})
    public Response logo(@QueryParam("v") String v) {
        Branding b = branding.current();
        if (b.logo() == null) {
            throw new NotFoundException();
        }
        return cached(Response.ok(b.logo(), b.logoType()), b, v);
    }

    private static Response cached(Response.ResponseBuilder answer, Branding b, String v) {
        return answer.header("Cache-Control", b.tag().equals(v) ? IMMUTABLE : REVALIDATE).build();
    }
}
