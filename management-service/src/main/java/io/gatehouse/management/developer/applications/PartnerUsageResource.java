package io.gatehouse.management.developer.applications;

import io.gatehouse.management.developer.session.Partner;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.usage.ApplicationUsage;
import io.gatehouse.management.usage.ApplicationUsageService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * {@code GET /developer/v1/applications/{id}/usage?[granularity=hour|day][&from=][&to=]}: the application's usage
 * time series from billing and the quota picture of its active subscriptions, for the session's organization only
 * (another organization's application is 404). Billing down: 503 {@code billing-unavailable}.
 */
@Path("/developer/v1/applications/{applicationId}/usage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Partner.ROLE)
public class PartnerUsageResource {

    private final ApplicationUsageService usage;
    private final SecurityIdentity identity;

    public PartnerUsageResource(ApplicationUsageService usage, SecurityIdentity identity) {
        this.usage = usage;
        this.identity = identity;
    }

    @GET
    public ApplicationUsage usage(@PathParam("applicationId") UUID applicationId,
                                  @QueryParam("granularity") String granularity,
                                  @QueryParam("from") String from, @QueryParam("to") String to) {
        return usage.usage(Partner.of(identity).organizationId(), applicationId, granularity, ClientInput.instantParameter("from", from), ClientInput.instantParameter("to", to));
    }
}
