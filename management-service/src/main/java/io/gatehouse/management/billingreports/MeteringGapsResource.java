package io.gatehouse.management.billingreports;

import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /admin/v1/billing/metering-gaps[?state=open|all]}: billing's metering gaps (gateway node, epoch and
 * the range of event numbers that never arrived), read from billing-metering. Billing unreachable is
 * {@code 503 billing-unavailable}, as for every billing read.
 */
@Path("/admin/v1/billing/metering-gaps")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class MeteringGapsResource {

    private final BillingClient billing;

    public MeteringGapsResource(BillingClient billing) {
        this.billing = billing;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MeteringGaps list(@QueryParam("state") String state) {
        return billing.meteringGaps(state == null || state.isBlank() ? null : state.strip());
    }
}
