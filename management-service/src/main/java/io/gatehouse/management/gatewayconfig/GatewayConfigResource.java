package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** What gateways call (with the gateway token): the snapshot, the changes since a version, the version, the digest. */
@Path("/internal/v1/gateway")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.GATEWAY)
public class GatewayConfigResource {

    private final SnapshotService snapshots;
    private final ConfigDeltas deltas;

    public GatewayConfigResource(SnapshotService snapshots, ConfigDeltas deltas) {
        this.snapshots = snapshots;
        this.deltas = deltas;
    }

    /**
     * The changes after version {@code after}: {@code 200} a delta to the current version ({@code ETag} the version),
     * {@code 204} when {@code after} is the current version, {@code 410 snapshot-needed} when no delta reaches it
     * (further behind than the change log keeps, ahead of management, or a change that names no entity).
     */
    @GET
    @Path("/changes")
    public Response changes(@QueryParam("after") String after) {
        long from;
        try {
            from = Long.parseLong(after == null ? "" : after.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidField("after", "must be a config version (a whole number)");
        }
        // One build at a time: gateways at the same version ask together, and the second finds the first's delta.
        ConfigDeltas.Result result;
        synchronized (deltas) {
            result = deltas.after(from);
        }
        EntityTag tag = new EntityTag(Long.toString(result.version()));
        return switch (result.outcome()) {
            case DELTA -> Response.ok(result.json()).tag(tag).build();
            case CURRENT -> Response.noContent().tag(tag).build();
            case SNAPSHOT_NEEDED -> throw new ApiProblem(ProblemType.SNAPSHOT_NEEDED,
                    "No delta leads from version " + from + " to " + result.version() + "; fetch the snapshot.");
        };
    }

    /** The digest of the current config and its version (see {@code config-digest}). */
    @GET
    @Path("/digest")
    public Map<String, Object> digest() {
        SnapshotService.Serialized s = snapshots.current();
        return Map.of("version", s.version(), "digest", s.digest());
    }

    @GET
    @Path("/snapshot")
    public Response snapshot(@HeaderParam("If-None-Match") String ifNoneMatch) {
        SnapshotService.Serialized s = snapshots.current();
        EntityTag tag = new EntityTag(Long.toString(s.version()));
        if (ifNoneMatch != null && ifNoneMatch.trim().equals(tag.toString())) {
            return Response.notModified(tag).build();
        }
        // Sent from the file as it is (java.nio.file.Path bodies go out from disk, not through the heap).
        return Response.ok(s.file()).type(MediaType.APPLICATION_JSON_TYPE).tag(tag).build();
    }

    @GET
    @Path("/version")
    public Map<String, Long> version() {
        return Map.of("version", snapshots.currentVersion());
    }
}
