package io.gatehouse.management.keys;

import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Context;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.gatewayconfig.ConfigAcknowledgements;
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

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Keys across applications: find by prefix, read, revoke. A revocation with {@code ?wait=2s} answers once every
 * live gateway node applied it, or when the wait ran out, and says which nodes did ({@code propagation}).
 */
@Path("/admin/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeyResource {

    private final KeyService keys;
    private final ConfigAcknowledgements acknowledgements;

    public KeyResource(KeyService keys, ConfigAcknowledgements acknowledgements) {
        this.keys = keys;
        this.acknowledgements = acknowledgements;
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
    public KeyView revoke(@PathParam("keyId") UUID keyId, @QueryParam("wait") String wait,
                          @RequestBody(required = false) @Valid KeyRequests.Revoke request,
            @Context HttpHeaders headers) {
        ClientInput.refuseNullBody(request, headers.getLength());
        // Read before revoking: a malformed wait changes nothing.
        Duration waitFor = ConfigAcknowledgements.parseWait(wait);
        KeyView revoked = keys.revoke(keyId, request == null ? null : request.reason());
        return waitFor == null ? revoked : revoked.with(acknowledgements.awaitCurrent(waitFor));
    }
}
