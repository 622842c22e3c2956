package io.gatehouse.billing.timeseries;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The bucket sizes a time series can have: UTC hours or UTC days, each read from its own rollup. */
public enum Granularity {
    HOUR(ChronoUnit.HOURS, 31 * 24, 24),
    DAY(ChronoUnit.DAYS, 400, 30);

    private final ChronoUnit unit;
    private final int maxPoints;
    private final int defaultPoints;

    Granularity(ChronoUnit unit, int maxPoints, int defaultPoints) {
        this.unit = unit;
        this.maxPoints = maxPoints;
        this.defaultPoints = defaultPoints;
    }

    /** The name used in the API and in {@code usage_rollups.granularity}. */
    public String id() {
        return name().toLowerCase();
    }

    /** The longest series one request may ask for (31 days of hours, 400 days of days). */
    public int maxPoints() {
        return maxPoints;
    }

    public int defaultPoints() {
        return defaultPoints;
    }

    public Duration step() {
        return unit.getDuration();
    }

    public Instant floor(Instant t) {
        return t.truncatedTo(unit);
    }

    public Instant ceil(Instant t) {
        Instant floor = floor(t);
        return floor.equals(t) ? t : floor.plus(step());
    }
}
