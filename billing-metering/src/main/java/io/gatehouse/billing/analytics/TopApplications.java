package io.gatehouse.billing.analytics;

import java.time.Instant;
import java.util.List;

/** The busiest applications in {@code [from, to)} (whole UTC hours), most requests first. */
public record TopApplications(Instant from, Instant to, List<ApplicationUsage> items) {
}
