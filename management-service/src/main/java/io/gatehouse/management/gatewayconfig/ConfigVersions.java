package io.gatehouse.management.gatewayconfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;

import java.util.List;
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
        return bump(kind, entityId, List.of());
    }

    /**
     * Like {@link #bump}, for a version whose whole change is that {@code keyId} was revoked: the announcement carries
     * the key id, so gateways apply it without fetching the snapshot (see {@code docs/gateway-config-snapshot.md}).
     * Call it only when nothing else in the transaction changed gateway config before it.
     */
    public long bumpRevoked(UUID keyId) {
        return bump("key", keyId, List.of(keyId.toString()));
    }

    private long bump(String kind, UUID entityId, List<String> revokedKeys) {
        // Without the lock, version 6 could commit before 5: a gateway that applied 6 would then
        // ignore 5 and miss its change. The lock holds until commit, so versions commit in order.
        // One round trip: the materialized CTE takes the lock before the row (and its version) is made.
        long version = ((Number) em.createNativeQuery(
                        "WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")) "
                                + "INSERT INTO config_changes (kind, entity_id) SELECT ?1, ?2 FROM ordered RETURNING version")
                .setParameter(1, kind)
                .setParameter(2, entityId)
                .getSingleResult()).longValue();
        changed.fire(new ConfigChanged(version, revokedKeys));
        return version;
    }

    /** The current version: the highest committed change, 0 before any. */
    public long current() {
        return ((Number) em.createNativeQuery("SELECT coalesce(max(version), 0) FROM config_changes")
                .getSingleResult()).longValue();
    }
}
