package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.pipeline.ExchangeConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The limits of every plan of one snapshot, by plan id. */
public final class Plans {

    /** The plans of a config; none when there are none (then nothing is limited). */
    public static final ExchangeConfig.Part<Plans> PART = new ExchangeConfig.Part<>("plans", new Plans(Map.of()));

    private final Map<String, PlanLimits> byId;

    private Plans(Map<String, PlanLimits> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * The plans of the snapshot. A plan whose limits cannot be read is left out with a warning: it must not run
     * unlimited, so its subscriptions are refused (see {@code SubscriptionIndex.of}) until management sends a good one.
     */
    public static Plans of(List<Snapshot.Plan> plans, List<String> warnings) {
        Map<String, PlanLimits> byId = new HashMap<>();
        for (Snapshot.Plan plan : plans) {
            try {
                byId.put(plan.id(), PlanLimits.of(plan));
            } catch (RuntimeException e) {
                warnings.add("plan " + plan.id() + " skipped: " + e.getMessage());
            }
        }
        return new Plans(byId);
    }

    /** Plans by id, for tests. */
    public static Plans of(Map<String, PlanLimits> byId) {
        return new Plans(byId);
    }

    /** The limits of a plan, or {@code null} if the plan is unknown (then nothing is limited). */
    public PlanLimits limits(String planId) {
        return planId == null ? null : byId.get(planId);
    }

    /** Whether the plan's limits were read. */
    public boolean has(String planId) {
        return planId != null && byId.containsKey(planId);
    }
}
