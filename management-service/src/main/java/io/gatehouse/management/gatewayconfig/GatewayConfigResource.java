package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** What gateways call (with the gateway token): the snapshot and its current version. */
@Path("/internal/v1/gateway")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.GATEWAY)
public class GatewayConfigResource {

    private final SnapshotService snapshots;

    public GatewayConfigResource(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GET
    @Path("/snapshot")
    public Response snapshot(@HeaderParam("If-None-Match") String ifNoneMatch) {
        SnapshotService.Serialized s = snapshots.current();
        EntityTag tag = new EntityTag(Long.toString(s.version()));
        if (ifNoneMatch != null && ifNoneMatch.trim().equals(tag.toString())) {
            return Response.notModified(tag).build();
        }
        return Response.ok(s.json()).tag(tag).build();
    }

    @GET
    @Path("/version")
    public Map<String, Long> version() {
        return Map.of("version", snapshots.currentVersion());
    }
}
