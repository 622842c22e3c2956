package io.gatehouse.management.organizations;

import java.time.Instant;
import java.util.UUID;

public record OrganizationView(UUID id, String name, String slug, OrganizationStatus status,
                               Instant createdAt, Instant updatedAt) {

    public static OrganizationView of(Organization o) {
        return new OrganizationView(o.id, o.name, o.slug, o.status, o.createdAt, o.updatedAt);
    }
}
