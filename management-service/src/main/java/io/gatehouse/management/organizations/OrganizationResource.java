package io.gatehouse.management.organizations;

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

@Path("/admin/v1/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    private final OrganizationService organizations;

    public OrganizationResource(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @APIResponse(responseCode = "201", description = "The organization, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrganizationView.class)))
    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response create(@Valid @NotNull OrganizationRequests.Create request) {
        OrganizationView created = organizations.create(request);
        return Response.created(URI.create("/admin/v1/organizations/" + created.id())).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Page<OrganizationView> list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                       @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return organizations.list(offset, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public OrganizationView get(@PathParam("id") UUID id) {
        return organizations.get(id);
    }

    /** The organization's members: name, email, role, verified, account status, joined, last login. */
    @GET
    @Path("/{id}/members")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Page<MemberView> members(@PathParam("id") UUID id,
                                    @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                    @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return organizations.members(id, offset, limit);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public OrganizationView update(@PathParam("id") UUID id, @Valid @NotNull OrganizationRequests.Update request) {
        return organizations.update(id, request);
    }
}
