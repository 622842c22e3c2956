package io.gatehouse.management.developer.members;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An invitation to join an organization: the mailed token is stored as its keyed hash only. */
@Entity(name = "Invitation")
@Table(name = "organization_invitations")
public class Invitation extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID organizationId;
    public String email;
    public String role;
    public String tokenHash;
    public UUID invitedBy;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant acceptedAt;
    public UUID acceptedUserId;
    public Instant revokedAt;

    /** Neither accepted nor revoked (it may still have expired). */
    boolean open() {
        return acceptedAt == null && revokedAt == null;
    }
}
