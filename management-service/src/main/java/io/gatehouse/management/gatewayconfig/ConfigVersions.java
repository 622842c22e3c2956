package io.gatehouse.management.gatewayconfig;

import io.gatehouse.management.audit.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The gateway config version. Every change that affects gateways calls {@link #bump} in its own
 * transaction, so the new version commits together with the change (the outbox pattern).
 */
@ApplicationScoped
public class ConfigVersions {

    /** Advisory lock key that orders config changes: versions become visible in commit order. */
    private static final long LOCK_KEY = 0x6761746568L;

    private final EntityManager em;
    private final Event<ConfigChanged> changed;

    public ConfigVersions(EntityManager em, Event<ConfigChanged> changed) {
        this.em = em;
        this.changed = changed;
    }

    /**
     * Appends a config change in the caller's transaction and returns its version. Gateways are
     * told after the transaction commits.
     */
    public long bump(String kind, UUID entityId) {
        // Without the lock, version 6 could commit before 5: a gateway that applied 6 would then
        // ignore 5 and miss its change. The lock holds until commit, so versions commit in order.
        // One round trip: the materialized CTE takes the lock before the row (and its version) is made.
        long version = ((Number) em.createNativeQuery(
                        "WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")) "
                                + "INSERT INTO config_changes (kind, entity_id) SELECT ?1, ?2 FROM ordered RETURNING version")
                .setParameter(1, kind)
                .setParameter(2, entityId)
                .getSingleResult()).longValue();
        changed.fire(new ConfigChanged(version, List.of()));
        return version;
    }

    /**
     * Revokes the active key {@code keyId} at {@code at}, appends its config change and writes {@code audit}, in one
     * statement: from the revocation's decision to its commit the caller's transaction makes this one round trip and
     * the commit's, where the entity path made four (the key's update, the version, the audit entry, the commit); on
     * a busy machine each round trip waits for a core, and this is the path a revocation's propagation is measured
     * from. Gateways are told after the commit, with the key id in the announcement, so they apply it without
     * fetching the snapshot (see {@code docs/gateway-config-snapshot.md}); call it only when nothing else in the
     * transaction changed gateway config before it. Empty when the key was not active (revoked meanwhile, or
     * unknown): nothing is written then.
     */
    public OptionalLong revokeKey(UUID keyId, Instant at, String reason, AuditEntry audit) {
        List<?> version = em.createNativeQuery(
                        "WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")), "
                                // the column's codes (api_keys.status CHECK, KeyStatus' codes)
                                + "revoked AS (UPDATE api_keys SET status = 'revoked', revoked_at = ?2, revoked_reason = ?3 "
                                + "WHERE id = ?1 AND status = 'active' AND EXISTS (SELECT 1 FROM ordered) RETURNING id), "
                                + "change AS (INSERT INTO config_changes (kind, entity_id) SELECT 'key', id FROM revoked "
                                + "RETURNING version), "
                                + "audited AS (INSERT INTO audit_log (id, occurred_at, actor_type, actor_id, action, "
                                + "entity_type, entity_id, before_state, after_state) SELECT ?4, ?5, ?6, ?7, ?8, ?9, id, "
                                + "CAST(?10 AS jsonb), CAST(?11 AS jsonb) FROM revoked) "
                                + "SELECT version FROM change")
                .setParameter(1, keyId)
                .setParameter(2, at)
                .setParameter(3, reason)
                .setParameter(4, audit.id)
                .setParameter(5, audit.occurredAt)
                .setParameter(6, audit.actorType)
                .setParameter(7, audit.actorId)
                .setParameter(8, audit.action)
                .setParameter(9, audit.entityType)
                .setParameter(10, audit.beforeState)
                .setParameter(11, audit.afterState)
                .getResultList();
        if (version.isEmpty()) {
            return OptionalLong.empty();
        }
        long v = ((Number) version.get(0)).longValue();
        changed.fire(new ConfigChanged(v, List.of(keyId.toString())));
        return OptionalLong.of(v);
    }

    /** The current version: the highest committed change, 0 before any. */
    public long current() {
        return ((Number) em.createNativeQuery("SELECT coalesce(max(version), 0) FROM config_changes")
                .getSingleResult()).longValue();
    }
}
