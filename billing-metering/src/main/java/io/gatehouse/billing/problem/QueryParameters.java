package io.gatehouse.billing.problem;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;
import java.util.regex.Pattern;

/** Optional query parameters read the one way every billing route reads them: blank is absent, bad is a 400 naming it. */
public final class QueryParameters {

    /**
     * The earliest instant a client may name. PostgreSQL's timestamps span 4713 BC to 294276 AD while Java's
     * {@link Instant} spans a billion years either way: anything outside years 1–9999 is refused before it
     * reaches SQL or epoch arithmetic (where it would overflow).
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The first instant after the latest one a client may name (see {@link #EARLIEST}). */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");

    private QueryParameters() {
    }

    /** The UUID in {@code value}, or null when it is absent or blank. */
    public static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw BillingProblem.invalidParameter(name, "must be a UUID");
        }
    }

    /** The ISO-8601 instant in {@code value}, or null when it is absent or blank. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeException e) {
            throw BillingProblem.invalidParameter(name, "must be an ISO-8601 instant, e.g. 2026-11-25T00:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
            throw BillingProblem.invalidParameter(name, "must lie in the years 0001 to 9999");
        }
        return instant;
    }

    /**
     * The month in {@code value}, exactly {@code YYYY-MM} with a year from 0001 to 9999, or null when it is absent
     * or blank. {@link YearMonth#parse} alone also takes a sign and more digits ({@code -2026-11}, {@code +12026-11}).
     */
    public static YearMonth month(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (MONTH.matcher(v).matches()) {
                YearMonth month = YearMonth.parse(v);
                if (month.getYear() >= 1) {
                    return month;
                }
            }
        } catch (DateTimeException e) {
            // answered below
        }
        throw BillingProblem.invalidParameter(name, "must be a month as YYYY-MM (e.g. 2026-11)");
    }
}
