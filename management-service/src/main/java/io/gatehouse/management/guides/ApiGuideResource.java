package io.gatehouse.management.guides;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

/** Markdown guide pages of an API: {@code PUT} creates or replaces one by slug. */
@Path("/admin/v1/apis/{id}/guides")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiGuideResource {

    private final GuideService guides;

    public ApiGuideResource(GuideService guides) {
        this.guides = guides;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Page<GuideView> list(@PathParam("id") UUID id) {
        return guides.list(id);
    }

    @GET
    @Path("/{slug}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public GuideView get(@PathParam("id") UUID id, @PathParam("slug") String slug) {
        return guides.get(id, slug);
    }

    /** Creates the guide (201) or replaces it (200). */
    @APIResponse(responseCode = "200", description = "The guide, replaced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GuideView.class)))
    @APIResponse(responseCode = "201", description = "The guide, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GuideView.class)))
    @PUT
    @Path("/{slug}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response put(@PathParam("id") UUID id, @PathParam("slug") String slug,
                        @Valid @NotNull GuideRequests.Put request) {
        GuideService.Put result = guides.put(id, slug, request);
        return result.created()
                ? Response.created(URI.create("/admin/v1/apis/" + id + "/guides/" + slug)).entity(result.guide()).build()
                : Response.ok(result.guide()).build();
    }

    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("/{slug}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response delete(@PathParam("id") UUID id, @PathParam("slug") String slug) {
        guides.delete(id, slug);
        return Response.noContent().build();
    }
}
