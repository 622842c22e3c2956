package io.gatehouse.management.gatewayconfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;

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
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").getSingleResult();
        long version = ((Number) em.createNativeQuery(
                        "INSERT INTO config_changes (kind, entity_id) VALUES (?1, ?2) RETURNING version")
                .setParameter(1, kind)
                .setParameter(2, entityId)
                .getSingleResult()).longValue();
        changed.fire(new ConfigChanged(version));
        return version;
    }

    /** The current version: the highest committed change, 0 before any. */
    public long current() {
        return ((Number) em.createNativeQuery("SELECT coalesce(max(version), 0) FROM config_changes")
                .getSingleResult()).longValue();
    }
}
