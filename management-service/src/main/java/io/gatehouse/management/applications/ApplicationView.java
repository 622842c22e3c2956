package io.gatehouse.management.applications;

import java.time.Instant;
import java.util.UUID;

public record ApplicationView(UUID id, UUID organizationId, String name, String description,
                              ApplicationStatus status, Instant createdAt, Instant updatedAt) {

    public static ApplicationView of(Application a) {
        return new ApplicationView(a.id, a.organization.id, a.name, a.description, a.status, a.createdAt, a.updatedAt);
    }
}
