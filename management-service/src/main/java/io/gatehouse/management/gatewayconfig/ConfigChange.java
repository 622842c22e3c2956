package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.audit.AuditEntry;
import io.gatehouse.management.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * How a change that gateways must see ends, in the caller's transaction: the config version is bumped
 * ({@link ConfigVersions#bump}, so the new version commits with the change) and the change is audited as
 * {@code <kind>.<verb>} with what was before and what is after.
 */
@ApplicationScoped
public class ConfigChange {

    private final ConfigVersions versions;
    private final AuditLog audit;

    public ConfigChange(ConfigVersions versions, AuditLog audit) {
        this.versions = versions;
        this.audit = audit;
    }

    /**
     * Bumps the config version for the {@code kind} entity {@code id}, audits {@code <kind>.<verb>} with
     * {@code before} and {@code after}, and returns {@code after} (the view the caller answers with).
     */
    public <V> V record(String kind, UUID id, String verb, Object before, V after) {
        versions.bump(kind, id);
        audit.record(kind + '.' + verb, kind, id, before, after);
        return after;
    }

    /**
     * Like {@link #record(String, UUID, String, Object, Object)}, for an update of which only some fields reach the
     * gateways (an organization's name does not, its status does): bumps the config version only when
     * {@code gatewaysSeeIt}, audits {@code <kind>.<verb>} either way, and returns {@code after}.
     */
    public <V> V record(String kind, UUID id, String verb, Object before, V after, boolean gatewaysSeeIt) {
        if (gatewaysSeeIt) {
            versions.bump(kind, id);
        }
        audit.record(kind + '.' + verb, kind, id, before, after);
        return after;
    }

    /**
     * A key's revocation, decided at {@code at}: revokes the active key, bumps the version with the key in its
     * announcement (so gateways refuse it without fetching anything) and audits {@code key.revoked}, in one statement
     * ({@link ConfigVersions#revokeKey} says why). Returns {@code after}, or empty when the key was no longer active
     * and nothing was written.
     */
    public <V> Optional<V> revoked(UUID keyId, Instant at, String reason, Object before, V after) {
        AuditEntry entry = audit.entry("key.revoked", "key", keyId, before, after);
        return versions.revokeKey(keyId, at, reason, entry).isPresent() ? Optional.of(after) : Optional.empty();
    }
}
