package io.gatehouse.management.analytics;

import java.time.Instant;
import java.util.List;

/** The busiest applications in {@code [from, to)}, most requests first. */
public record TopApplicationsView(Instant from, Instant to, List<TopApplication> items) {
}
