package io.gatehouse.management.subscriptions;

import java.time.Instant;
import java.util.UUID;

public record SubscriptionView(UUID id, UUID applicationId, UUID organizationId, UUID planId, UUID apiId,
                               SubscriptionStatus status, Instant requestedAt, Instant activatedAt, Instant endedAt,
                               Instant createdAt, Instant updatedAt) {

    public static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id, s.application.id, s.application.organization.id, s.plan.id, s.api.id,
                s.status, s.requestedAt, s.activatedAt, s.endedAt, s.createdAt, s.updatedAt);
    }
}
