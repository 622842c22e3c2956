package io.gatehouse.management.applications;

import io.gatehouse.management.organizations.Organization;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "applications")
public class Application extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "organization_id")
    public Organization organization;
    public String name;
    public String description;
    public ApplicationStatus status;
    /** The OAuth client id its bearer tokens name, or null; unique among applications. */
    public String oauthClientId;
    public UUID createdBy;
    public Instant createdAt;
    public Instant updatedAt;
}
