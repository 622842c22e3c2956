package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The fleet: which gateway node applied which config version, and when it was last seen. Nodes silent for
 * {@code gatehouse.gateways.departed-after} (10 minutes by default) have departed: listed apart, and purgeable.
 */
@Path("/admin/v1/gateways")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayFleetResource {

    /** What a purge removed. */
    @Schema(name = "PurgedGatewayNodes")
    public record Purged(List<String> purged) {
    }

    private final GatewayFleet fleet;
    private final AuditLog audit;

    public GatewayFleetResource(GatewayFleet fleet, AuditLog audit) {
        this.fleet = fleet;
        this.audit = audit;
    }

    /** {@code state=present} (the default): the nodes that have not departed; {@code state=departed}: those that have. */
    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public GatewayFleet.Fleet fleet(@QueryParam("state") String state) {
        if (state == null || state.isBlank() || state.equals("present")) {
            return fleet.fleet();
        }
        if (state.equals("departed")) {
            return fleet.departed();
        }
        throw ApiProblem.invalidField("state", "must be present or departed");
    }

    /** Forgets every departed node. */
    @DELETE
    @Path("/departed")
    @Transactional
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Purged purgeDeparted() {
        List<String> gone = fleet.purgeDeparted();
        if (!gone.isEmpty()) {
            audit.record("gateway.purged", "gateway", null, Map.of("nodes", gone), null);
        }
        return new Purged(gone);
    }

    /** Forgets one departed node; a node that reported within the departure time is a conflict. */
    @DELETE
    @Path("/{nodeId}")
    @Transactional
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Purged purge(@PathParam("nodeId") String nodeId) {
        fleet.purge(nodeId);
        audit.record("gateway.purged", "gateway", null, Map.of("nodes", List.of(nodeId)), null);
        return new Purged(List.of(nodeId));
    }
}
