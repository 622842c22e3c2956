package io.gatehouse.billing.timeseries;

import io.gatehouse.billing.problem.BillingProblem;
import io.gatehouse.billing.problem.Problem;
import io.gatehouse.billing.problem.ProblemType;
import io.gatehouse.billing.problem.QueryParameters;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A validated time-series request. {@code from} is rounded down and {@code to} up to the
 * granularity's UTC boundaries, so every point is a whole bucket; the filters are optional and
 * combine with "and".
 *
 * @param from inclusive, a bucket boundary
 * @param to   exclusive, a bucket boundary
 */
public record TimeseriesQuery(UUID organizationId, UUID applicationId, UUID apiId, Granularity granularity,
                              Instant from, Instant to, boolean percentiles) {

    /**
     * Reads the query parameters. Defaults: {@code granularity=hour}; {@code to} the end of the
     * current bucket; {@code from} 24 hours (hour) or 30 days (day) before {@code to}.
     *
     * @throws BillingProblem naming the offending parameter(s)
     */
    public static TimeseriesQuery parse(String organizationId, String applicationId, String apiId, String granularity,
                                        String from, String to, Instant now) {
        return parse(organizationId, applicationId, apiId, granularity, from, to, null, now);
    }

    /** As above, with {@code percentiles} ({@code true}/{@code false}, default false): latency percentiles per bucket. */
    public static TimeseriesQuery parse(String organizationId, String applicationId, String apiId, String granularity,
                                        String from, String to, String percentiles, Instant now) {
        boolean withPercentiles = flag("percentiles", percentiles);
        UUID org = QueryParameters.uuid("organizationId", organizationId);
        UUID app = QueryParameters.uuid("applicationId", applicationId);
        UUID api = QueryParameters.uuid("apiId", apiId);
        Granularity g = granularity(granularity);
        Instant end = to == null || to.isBlank() ? g.ceil(now.plusNanos(1)) : g.ceil(QueryParameters.instant("to", to));
        Instant start = from == null || from.isBlank()
                ? end.minus(g.step().multipliedBy(g.defaultPoints()))
                : g.floor(QueryParameters.instant("from", from));
        if (!start.isBefore(end)) {
            throw BillingProblem.invalidParameter("to", "must be after from");
        }
        long points = (end.toEpochMilli() - start.toEpochMilli()) / g.step().toMillis();
        if (points > g.maxPoints()) {
            String message = "from and to may span at most " + g.maxPoints() + " " + g.id() + "s, not " + points
                    + (g == Granularity.HOUR ? "; use granularity=day for longer ranges" : "");
            throw new BillingProblem(ProblemType.VALIDATION_FAILED, message,
                    List.of(new Problem.FieldError("from", message), new Problem.FieldError("to", message)));
        }
        return new TimeseriesQuery(org, app, api, g, start, end, withPercentiles);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw BillingProblem.invalidParameter(name, "must be true or false");
        };
    }

    private static Granularity granularity(String value) {
        if (value == null || value.isBlank()) {
            return Granularity.HOUR;
        }
        return switch (value.strip().toLowerCase()) {
            case "hour" -> Granularity.HOUR;
            case "day" -> Granularity.DAY;
            default -> throw BillingProblem.invalidParameter("granularity", "must be hour or day");
        };
    }
}
