package io.gatehouse.management.developer.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A logged-in partner: the keyed hash of the session token, never the token. */
@Entity(name = "DeveloperSession")
@Table(name = "developer_sessions")
public class DeveloperSession extends PanacheEntityBase {
    @Id
    public UUID id;
    public String tokenHash;
    public UUID userId;
    public UUID organizationId;
    public Instant createdAt;
    public Instant expiresAt;
}
