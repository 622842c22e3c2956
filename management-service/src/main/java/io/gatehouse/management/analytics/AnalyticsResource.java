package io.gatehouse.management.analytics;

import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.billingreports.UsageSeries;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * Admin analytics, read from billing-metering (role matrix: platform-admin, billing-viewer, auditor; api-owner with
 * the {@code apiId} of an API they own, see {@link AnalyticsService#scope}):
 * {@code GET /admin/v1/analytics/timeseries?[apiId][&organizationId][&applicationId][&granularity=hour|day][&from][&to]}
 * (billing's series with latency percentiles) and
 * {@code GET /admin/v1/analytics/top-applications?[apiId][&organizationId][&from][&to][&limit]}.
 */
@Path("/admin/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class AnalyticsResource {

    private final AnalyticsService analytics;

    public AnalyticsResource(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @GET
    @Path("/timeseries")
    public UsageSeries timeseries(@QueryParam("apiId") String apiId, @QueryParam("organizationId") String organizationId,
                                  @QueryParam("applicationId") String applicationId,
                                  @QueryParam("granularity") String granularity,
                                  @QueryParam("from") String from, @QueryParam("to") String to) {
        return analytics.timeseries(uuid("apiId", apiId), uuid("organizationId", organizationId),
                uuid("applicationId", applicationId), granularity, ClientInput.instantParameter("from", from), ClientInput.instantParameter("to", to));
    }

    @GET
    @Path("/top-applications")
    public TopApplicationsView top(@QueryParam("apiId") String apiId, @QueryParam("organizationId") String organizationId,
                                   @QueryParam("from") String from, @QueryParam("to") String to,
                                   @QueryParam("limit") Integer limit) {
        return analytics.topApplications(uuid("apiId", apiId), uuid("organizationId", organizationId),
                ClientInput.instantParameter("from", from), ClientInput.instantParameter("to", to), limit);
    }

    /** A query parameter that must be a UUID when given. */
    public static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(name, "must be a UUID");
        }
    }
}
