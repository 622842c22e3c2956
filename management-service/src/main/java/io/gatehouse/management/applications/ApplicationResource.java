package io.gatehouse.management.applications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

@Path("/admin/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApplicationResource {

    private final ApplicationService applications;

    public ApplicationResource(ApplicationService applications) {
        this.applications = applications;
    }

    @APIResponse(responseCode = "201", description = "The application, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApplicationView.class)))
    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response create(@Valid @NotNull ApplicationRequests.Create request) {
        ApplicationView created = applications.create(request);
        return Response.created(URI.create("/admin/v1/applications/" + created.id())).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Page<ApplicationView> list(@QueryParam("organizationId") UUID organizationId,
                                      @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return applications.list(organizationId, offset, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public ApplicationView get(@PathParam("id") UUID id) {
        return applications.get(id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public ApplicationView update(@PathParam("id") UUID id, @Valid @NotNull ApplicationRequests.Update request) {
        return applications.update(id, request);
    }
}
