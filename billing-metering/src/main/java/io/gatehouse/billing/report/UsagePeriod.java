package io.gatehouse.billing.report;

import io.gatehouse.billing.problem.BillingProblem;
import io.gatehouse.billing.problem.QueryParameters;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;


/**
 * A calendar month in a time zone: the span a usage report (and later an invoice) covers. A month
 * starts at 00:00 on the 1st in that zone, as the gateway's monthly quotas do.
 */
public record UsagePeriod(YearMonth month, ZoneId zone) {

    /** Reads {@code period=YYYY-MM} and {@code timeZone} (an IANA zone id; default UTC). */
    public static UsagePeriod parse(String period, String timeZone) {
        if (period == null || period.isBlank()) {
            throw BillingProblem.invalidParameter("period", "is required, as YYYY-MM (e.g. 2026-11)");
        }
        YearMonth month = QueryParameters.month("period", period);
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw BillingProblem.invalidParameter("timeZone", "must be an IANA time zone id (e.g. Europe/Berlin)");
        }
        return new UsagePeriod(month, zone);
    }

    public Instant start() {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** Exclusive. */
    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    /**
     * The finest rollup whose buckets tile the period exactly: hours where the zone's offset at both
     * ends is a whole number of hours (nearly every zone), minutes otherwise (e.g. Asia/Kolkata).
     */
    public String granularity() {
        boolean wholeHours = zone.getRules().getOffset(start()).getTotalSeconds() % 3600 == 0
                && zone.getRules().getOffset(end()).getTotalSeconds() % 3600 == 0;
        return wholeHours ? "hour" : "minute";
    }
}
