package io.gatehouse.management.organizations;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(name = "OrganizationView")
public record OrganizationView(UUID id, String name, String slug, OrganizationStatus status,
                               Instant createdAt, Instant updatedAt) {

    public static OrganizationView of(Organization o) {
        return new OrganizationView(o.id, o.name, o.slug, o.status, o.createdAt, o.updatedAt);
    }
}
