package io.gatehouse.management.applications;

import java.time.Instant;
import java.util.UUID;

/** An application as the admin API shows it; {@code oauthClientId} is null when it has none. */
public record ApplicationView(UUID id, UUID organizationId, String name, String description,
                              ApplicationStatus status, String oauthClientId, Instant createdAt, Instant updatedAt) {

    public static ApplicationView of(Application a) {
        return new ApplicationView(a.id, a.organization.id, a.name, a.description, a.status, a.oauthClientId,
                a.createdAt, a.updatedAt);
    }
}
