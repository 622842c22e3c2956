package io.gatehouse.management.keys;

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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Keys of one application: issue and list. */
@Path("/admin/v1/applications/{applicationId}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApplicationKeyResource {

    private final KeyService keys;

    public ApplicationKeyResource(KeyService keys) {
        this.keys = keys;
    }

    /** Issues a key. The answer holds the full key once; it is never shown again. */
    @APIResponse(responseCode = "201", description = "The key, shown in full this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedKey.class)))
    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response issue(@PathParam("applicationId") UUID applicationId, @RequestBody(required = false) @Valid KeyRequests.Issue request,
            @Context HttpHeaders headers) {
        ClientInput.refuseNullBody(request, headers.getLength());
        // A name the caller gives must say something; a rotated key keeps its old name whatever it is.
        KeyRequests.Issue req = request == null || request.name() == null ? request
                : new KeyRequests.Issue(ClientInput.requiredText("name", request.name()), request.expiresAt());
        IssuedKey issued = keys.issue(applicationId, req);
        return Response.created(URI.create("/admin/v1/keys/" + issued.details().id()))
                .header("Cache-Control", "no-store").entity(issued).build();
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public List<KeyView> list(@PathParam("applicationId") UUID applicationId) {
        return keys.ofApplication(applicationId);
    }
}
