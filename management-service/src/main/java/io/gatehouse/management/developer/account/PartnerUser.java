package io.gatehouse.management.developer.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code users} as the developer API sees it: partners only (kind = 'partner'). */
@Entity(name = "PartnerUser")
@Table(name = "users")
public class PartnerUser extends PanacheEntityBase {
    @Id
    public UUID id;
    public String email;
    public String displayName;
    public String kind;
    public String passwordHash;
    public String status;
    public Instant emailVerifiedAt;
    /** When the partner last opened a developer session (V41); null before the first login. */
    public Instant lastLoginAt;
    public Instant createdAt;
    public Instant updatedAt;

    /** The active partner with this email (any case), or null. */
    public static PartnerUser byEmail(String email) {
        return PartnerUser.<PartnerUser>find("lower(email) = ?1 and kind = 'partner'", email.toLowerCase(java.util.Locale.ROOT))
                .firstResult();
    }
}
