package io.gatehouse.management.cachepurge;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Context;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

@Path("/admin/v1/apis/{id}/cache/purge")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CachePurgeResource {

    private final CachePurgeService purges;

    public CachePurgeResource(CachePurgeService purges) {
        this.purges = purges;
    }

    /**
     * Purges the API's cached answers on every gateway: {@code {}} all of them, {@code {"routeId"}} one route's,
     * {@code {"url": "/path?query"}} one URL's. 202: the gateways were told (they apply it within a second).
     */
    @APIResponse(responseCode = "202", description = "The purge, on its way to the gateways",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurgeView.class)))
    @POST
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response purge(@PathParam("id") UUID id, @RequestBody(required = false) @Valid PurgeRequest request,
            @Context HttpHeaders headers) {
        ClientInput.refuseNullBody(request, headers.getLength());
        return Response.accepted(purges.purge(id, request)).build();
    }
}
