package io.gatehouse.management.subscriptions;

import java.time.Instant;
import java.util.UUID;

/**
 * A subscription as the admin API answers it.
 *
 * @param planId        the plan in force
 * @param pendingPlanId the plan a change waiting for approval would move it to; null when none waits
 */
public record SubscriptionView(UUID id, UUID applicationId, UUID organizationId, UUID planId, UUID apiId,
                               SubscriptionStatus status, Instant requestedAt, Instant activatedAt, Instant endedAt,
                               Instant createdAt, Instant updatedAt, UUID pendingPlanId) {

    public static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id, s.application.id, s.application.organization.id, s.plan.id, s.api.id,
                s.status, s.requestedAt, s.activatedAt, s.endedAt, s.createdAt, s.updatedAt,
                PlanChange.pendingOf(s).map(c -> c.toPlan.id).orElse(null));
    }
}
