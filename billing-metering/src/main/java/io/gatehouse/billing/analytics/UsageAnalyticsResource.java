package io.gatehouse.billing.analytics;

import io.gatehouse.billing.problem.BillingProblem;
import io.gatehouse.billing.problem.Problem;
import io.gatehouse.billing.problem.ProblemType;
import io.gatehouse.billing.problem.QueryParameters;
import io.gatehouse.billing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Usage figures beside the time series:
 * <ul>
 *   <li>{@code GET /billing/v1/usage/totals?applicationId=&[planId=]&from=&to=} — the events of an application (and
 *   plan) in {@code [from, to)}, exact instants: what a quota window has used;</li>
 *   <li>{@code GET /billing/v1/usage/top-applications?[organizationId=][&apiId=][&from=][&to=][&limit=]} — the busiest
 *   applications in whole UTC hours (default the last 24), at most {@code limit} (1–100, default 10).</li>
 * </ul>
 */
@Path("/billing/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class UsageAnalyticsResource {

    /** Longest range either route accepts, like the day time series. */
    static final Duration MAX_RANGE = Duration.ofDays(400);

    private final UsageAnalyticsService analytics;
    private final Clock clock;

    public UsageAnalyticsResource(UsageAnalyticsService analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @GET
    @Path("/totals")
    public UsageTotals totals(@QueryParam("applicationId") String applicationId, @QueryParam("planId") String planId,
                              @QueryParam("from") String from, @QueryParam("to") String to) {
        UUID app = QueryParameters.uuid("applicationId", applicationId);
        if (app == null) {
            throw BillingProblem.invalidParameter("applicationId", "is required");
        }
        UUID plan = QueryParameters.uuid("planId", planId);
        Instant start = QueryParameters.instant("from", from);
        Instant end = QueryParameters.instant("to", to);
        if (start == null) {
            throw BillingProblem.invalidParameter("from", "is required");
        }
        if (end == null) {
            end = clock.instant();
        }
        checkRange(start, end);
        return analytics.totals(app, plan, start, end);
    }

    @GET
    @Path("/top-applications")
    public TopApplications top(@QueryParam("organizationId") String organizationId, @QueryParam("apiId") String apiId,
                               @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("limit") String limit) {
        UUID org = QueryParameters.uuid("organizationId", organizationId);
        UUID api = QueryParameters.uuid("apiId", apiId);
        Instant givenEnd = QueryParameters.instant("to", to);
        Instant end = ceilHour(givenEnd == null ? clock.instant().plusNanos(1) : givenEnd);
        Instant givenStart = QueryParameters.instant("from", from);
        Instant start = givenStart == null ? end.minus(Duration.ofHours(24)) : givenStart.truncatedTo(ChronoUnit.HOURS);
        checkRange(start, end);
        return analytics.top(org, api, start, end, limit(limit));
    }

    private static void checkRange(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw BillingProblem.invalidParameter("to", "must be after from");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            String message = "from and to may span at most 400 days";
            throw new BillingProblem(ProblemType.VALIDATION_FAILED, message,
                    List.of(new Problem.FieldError("from", message), new Problem.FieldError("to", message)));
        }
    }

    private static Instant ceilHour(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(t) ? t : floor.plus(Duration.ofHours(1));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 10;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BillingProblem.invalidParameter("limit", "must be a whole number from 1 to 100");
    }
}
