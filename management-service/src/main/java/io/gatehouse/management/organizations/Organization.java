package io.gatehouse.management.organizations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "organizations")
public class Organization extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public String slug;
    public OrganizationStatus status;
    public Instant createdAt;
    public Instant updatedAt;
}
