package io.gatehouse.management.keys;

import io.gatehouse.management.applications.Application;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An API key as stored: its keyed hash, never the key. */
@Entity
@Table(name = "api_keys")
public class ApiKey extends PanacheEntityBase {
    @Id
    public UUID id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "application_id")
    public Application application;
    public String name;
    public String keyHash;
    public short hashVersion;
    public String prefix;
    public String lastFour;
    public KeyStatus status;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public String revokedReason;
    public Instant lastUsedAt;
    public UUID rotatedFrom;
}
