package io.gatehouse.billing.timeseries;

import io.gatehouse.billing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;

/**
 * {@code GET /billing/v1/usage/timeseries?[applicationId=][&apiId=][&organizationId=][&granularity=hour|day][&from=][&to=][&percentiles=true]}:
 * the usage charts of the portal and admin analytics, from the ledger's rollups (UTC buckets).
 * Answers {@code {granularity, from, to, points: [{bucketStart, requests, billableRequests,
 * errors4xx, errors5xx, avgLatencyMs, p50LatencyMs, p95LatencyMs, p99LatencyMs}]}} with every bucket present
 * (the percentiles only when asked for: they read the raw events); invalid parameters are
 * problem+json 400s naming them (see {@link TimeseriesQuery}).
 */
@Path("/billing/v1/usage/timeseries")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class UsageTimeseriesResource {

    private final UsageTimeseriesService timeseries;
    private final Clock clock;

    public UsageTimeseriesResource(UsageTimeseriesService timeseries, Clock clock) {
        this.timeseries = timeseries;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public UsageTimeseries get(@QueryParam("organizationId") String organizationId,
                               @QueryParam("applicationId") String applicationId,
                               @QueryParam("apiId") String apiId,
                               @QueryParam("granularity") String granularity,
                               @QueryParam("from") String from,
                               @QueryParam("to") String to,
                               @QueryParam("percentiles") String percentiles) {
        return timeseries.timeseries(TimeseriesQuery.parse(organizationId, applicationId, apiId, granularity, from, to,
                percentiles, clock.instant()));
    }
}
