package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The fleet: which gateway node applied which config version, and when it was last seen. */
@Path("/admin/v1/gateways")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayFleetResource {

    private final GatewayFleet fleet;

    public GatewayFleetResource(GatewayFleet fleet) {
        this.fleet = fleet;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public GatewayFleet.Fleet fleet() {
        return fleet.fleet();
    }
}
