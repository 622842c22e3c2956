package io.gatehouse.billing.invoicing;

import io.gatehouse.billing.problem.QueryParameters;
import io.gatehouse.billing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /billing/v1/estimates?organization=<uuid>[&period=YYYY-MM]}: what closing the organization's open period
 * would bill now, priced by the close's own code with management's current plans ({@link PeriodCloser#estimate}).
 * Without {@code period}, the current month. An organization billing knows nothing of gets an empty estimate
 * ({@code currencies: []}), as one without subscriptions or usage does: billing does not own organizations.
 */
@Path("/billing/v1/estimates")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
@Produces(MediaType.APPLICATION_JSON)
public class EstimateResource {

    private final PeriodCloser closer;

    public EstimateResource(PeriodCloser closer) {
        this.closer = closer;
    }

    @GET
    public Estimate estimate(@QueryParam("organization") String organization, @QueryParam("period") String period) {
        return closer.estimate(InvoiceResource.uuid("organization", organization, true),
                QueryParameters.month("period", period));
    }
}
