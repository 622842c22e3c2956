package io.gatehouse.management.branding;

import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The developer portal's branding: name, primary colour, footer links and stylesheet ({@code PUT} replaces them), and
 * the logo on its own route. Everyone with an admin role may read it; platform admins change it.
 */
@Path("/admin/v1/portal/branding")
@Produces(MediaType.APPLICATION_JSON)
public class AdminBrandingResource {

    private final BrandingService branding;

    public AdminBrandingResource(BrandingService branding) {
        this.branding = branding;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public BrandingView get() {
        return branding.get();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public BrandingView put(@Valid @NotNull BrandingRequests.Put request) {
        return branding.put(request);
    }

    /** The logo's bytes with the type sniffed when it was stored; 404 when there is none. */
    @GET
    @Path("/logo")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Response logo() {
        return DeveloperBrandingResource.logoResponse(branding.logo());
    }

    /**
     * Sets the logo from the request body: a PNG, JPEG or WebP image of at most 256 KiB, recognised by its bytes
     * whatever {@code Content-Type} says (anything else, SVG too: 400 {@code logo-unsupported}; larger: 413
     * {@code logo-too-large}).
     */
    @PUT
    @Path("/logo")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = {@Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public BrandingView putLogo(byte[] body) {
        return branding.putLogo(body);
    }

    @APIResponse(responseCode = "204", description = "The logo is removed (or there was none)")
    @DELETE
    @Path("/logo")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response deleteLogo() {
        branding.deleteLogo();
        return Response.noContent().build();
    }
}
