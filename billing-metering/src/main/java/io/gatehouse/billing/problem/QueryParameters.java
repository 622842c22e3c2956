package io.gatehouse.billing.problem;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.UUID;

/** Optional query parameters read the one way every billing route reads them: blank is absent, bad is a 400 naming it. */
public final class QueryParameters {

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
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeException e) {
            throw BillingProblem.invalidParameter(name, "must be an ISO-8601 instant, e.g. 2026-11-25T00:00:00Z");
        }
    }
}
