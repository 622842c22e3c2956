package io.gatehouse.management.console;

import io.gatehouse.management.gatewayconfig.GatewayFleet;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The gateway fleet: each node, the config version it applied, when it was last seen; reload to watch a change converge. */
@Path("/console/gateways")
@Produces(MediaType.TEXT_HTML)
public class GatewayPages {

    @CheckedTemplate(basePath = "console/gateways")
    static class Templates {
        static native TemplateInstance fleet(ConsoleUser user, GatewayFleet.Fleet fleet);
    }

    private final GatewayFleet fleet;
    private final SecurityIdentity identity;

    public GatewayPages(GatewayFleet fleet, SecurityIdentity identity) {
        this.fleet = fleet;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public TemplateInstance fleet() {
        return Templates.fleet(ConsoleUser.of(identity), fleet.fleet());
    }
}
