package io.gatehouse.billing.gaps;

import io.gatehouse.billing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /billing/v1/metering-gaps[?state=open|all]}: the metering gaps, newest first (at most 1,000), with the
 * grace time after which a hole becomes a gap. Management shows the same list at
 * {@code /admin/v1/billing/metering-gaps}.
 */
@Path("/billing/v1/metering-gaps")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class MeteringGapsResource {

    private final GapDetector gaps;

    public MeteringGapsResource(GapDetector gaps) {
        this.gaps = gaps;
    }

    /** The listing. */
    public record Listing(List<GapDetector.Gap> items, String grace) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Listing list(@QueryParam("state") String state) throws SQLException {
        boolean openOnly;
        if (state == null || state.isBlank() || state.equals("open")) {
            openOnly = true;
        } else if (state.equals("all")) {
            openOnly = false;
        } else {
            throw io.gatehouse.billing.problem.BillingProblem.invalidParameter("state", "must be open or all");
        }
        return new Listing(gaps.list(openOnly, 1_000), gaps.grace().toString());
    }
}
