package io.gatehouse.management.keys;

import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** Keys across applications: find by prefix, read, revoke. */
@Path("/admin/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeyResource {

    private final KeyService keys;

    public KeyResource(KeyService keys) {
        this.keys = keys;
    }

    /** Finds keys by their display prefix (what a partner reads out from a log or a support ticket). */
    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public List<KeyView> find(@QueryParam("prefix") String prefix) {
        if (prefix == null || prefix.length() < 4) {
            throw ApiProblem.invalidField("prefix", "give at least the first 4 characters of the key prefix");
        }
        return keys.byPrefix(prefix);
    }

    @GET
    @Path("/{keyId}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public KeyView get(@PathParam("keyId") UUID keyId) {
        return keys.get(keyId);
    }

    @POST
    @Path("/{keyId}/revoke")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public KeyView revoke(@PathParam("keyId") UUID keyId, @Valid KeyRequests.Revoke request) {
        return keys.revoke(keyId, request == null ? null : request.reason());
    }
}
