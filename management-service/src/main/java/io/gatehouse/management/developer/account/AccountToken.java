package io.gatehouse.management.developer.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A mailed single-use token (verify an email, reset a password), stored as its keyed hash. */
@Entity(name = "AccountToken")
@Table(name = "account_tokens")
public class AccountToken extends PanacheEntityBase {

    public static final String VERIFY_EMAIL = "verify-email";
    public static final String RESET_PASSWORD = "reset-password";

    @Id
    public UUID id;
    public UUID userId;
    public String purpose;
    public String tokenHash;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
}
