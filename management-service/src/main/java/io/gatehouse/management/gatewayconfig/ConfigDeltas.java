package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.keys.KeyStatus;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The change log read as deltas. Each config version is a row of {@code config_changes} naming what it touched (its
 * kind and entity id); the delta after version N is every entry those rows touch, read as it is now, in one
 * {@code REPEATABLE READ} transaction together with the current version, plus the ids of touched entries that left the
 * config. So a delta never depends on how the changes were made, only on what they touched, and applying it in one
 * step is the same as applying each version in order.
 *
 * <p>A gateway gets a delta only when it is at most {@code gatehouse.gateway-config.change-log-size} versions behind
 * (default 1000) and every version in between names what it touched; otherwise {@link Outcome#SNAPSHOT_NEEDED}, and it
 * fetches the snapshot.
 */
@ApplicationScoped
public class ConfigDeltas {

    /** A delta as sent, or why there is none. */
    public record Result(Outcome outcome, long version, byte[] json) {
    }

    public enum Outcome {
        /** {@code json} holds the delta to {@code version}. */
        DELTA,
        /** The gateway is already at {@code version}. */
        CURRENT,
        /** Fetch the snapshot: too far behind, ahead of management, or a version that names no entity. */
        SNAPSHOT_NEEDED
    }

    private final EntityManager em;
    private final ConfigVersions versions;
    private final SnapshotService snapshots;
    private final ObjectMapper json;
    private final int logSize;
    /**
     * The last delta built, with the version it starts at, in one reference (two would let a request read one delta's
     * start beside another's result): gateways at the same version ask for the same one.
     */
    private final AtomicReference<Built> last = new AtomicReference<>();

    /** A delta from version {@code from}. */
    private record Built(long from, Result result) {
    }

    public ConfigDeltas(EntityManager em, ConfigVersions versions, SnapshotService snapshots, ObjectMapper json,
                        @ConfigProperty(name = "gatehouse.gateway-config.change-log-size", defaultValue = "1000") int logSize) {
        this.em = em;
        this.versions = versions;
        this.snapshots = snapshots;
        this.json = json;
        this.logSize = logSize;
    }

    /** The changes after {@code after} up to the current version. */
    @Transactional
    public Result after(long after) {
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").executeUpdate();
        long current = versions.current();
        if (after == current) {
            return new Result(Outcome.CURRENT, current, null);
        }
        if (after < 0 || after > current || current - after > logSize) {
            return new Result(Outcome.SNAPSHOT_NEEDED, current, null);
        }
        Built cached = last.get();
        if (cached != null && cached.from() == after && cached.result().version() == current) {
            return cached.result();
        }
        Scope scope = scopeOf(after, current);
        if (scope == null) {
            return new Result(Outcome.SNAPSHOT_NEEDED, current, null);
        }
        ConfigDelta delta = build(after, current, scope);
        try {
            Result built = new Result(Outcome.DELTA, current, json.writeValueAsBytes(delta));
            last.set(new Built(after, built));
            return built;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("delta not serializable", e);
        }
    }

    /** What versions after {@code after} up to {@code current} touched, or null if one of them names no entity. */
    private Scope scopeOf(long after, long current) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT kind, entity_id FROM config_changes WHERE version > ?1 AND version <= ?2 ORDER BY version")
                .setParameter(1, after).setParameter(2, current).getResultList();
        Map<String, Set<UUID>> touched = Map.of("api", new HashSet<>(), "plan", new HashSet<>(),
                "organization", new HashSet<>(), "application", new HashSet<>(), "subscription", new HashSet<>(),
                "key", new HashSet<>(), "product", new HashSet<>());
        for (Object[] row : rows) {
            Set<UUID> ids = touched.get((String) row[0]);
            if (ids == null || row[1] == null) {
                return null;
            }
            ids.add((UUID) row[1]);
        }
        // A product's grants reach gateways inside its plans' subscriptions: a product change touches its plans and
        // their active subscriptions, read as they are now.
        Set<UUID> products = touched.get("product");
        if (!products.isEmpty()) {
            touched.get("plan").addAll(em.createQuery("SELECT p.id FROM Plan p WHERE p.product.id IN :products", UUID.class)
                    .setParameter("products", List.copyOf(products)).getResultList());
            touched.get("subscription").addAll(em.createQuery("SELECT s.id FROM Subscription s WHERE s.status = :active"
                            + " AND s.plan.product.id IN :products", UUID.class)
                    .setParameter("active", SubscriptionStatus.ACTIVE).setParameter("products", List.copyOf(products))
                    .getResultList());
        }
        return new Scope(false, touched.get("api"), touched.get("plan"), touched.get("organization"),
                touched.get("application"), touched.get("subscription"), touched.get("key"));
    }

    private ConfigDelta build(long after, long current, Scope scope) {
        List<Snapshot.ApiEntry> apis = snapshots.apis(scope);
        List<Snapshot.PlanEntry> plans = snapshots.plans(scope);
        List<Snapshot.ApplicationEntry> applications = snapshots.applications(scope);
        List<Snapshot.SubscriptionEntry> subscriptions = snapshots.subscriptions(scope);
        List<Snapshot.KeyEntry> keys = snapshots.keys(scope);

        // Touched entries that may have been in the gateway's config: the ones named, and those that a change to
        // their API, application or organization reaches. An entry not in the config now has left it.
        Set<UUID> planIds = union(scope.plans(), ids("SELECT p.id FROM Plan p WHERE p.product.id IN"
                + " (SELECT pa.product.id FROM ProductApi pa WHERE pa.api.id IN :apis)", scope, Map.of()));
        Set<UUID> appIds = union(scope.applications(),
                ids("SELECT a.id FROM Application a WHERE a.organization.id IN :organizations", scope, Map.of()));
        Set<UUID> subIds = union(scope.subscriptions(), ids("SELECT s.id FROM Subscription s WHERE s.status = :active"
                        + " AND (s.application.id IN :applications OR s.application.organization.id IN :organizations"
                        + " OR s.plan.product.id IN (SELECT pa.product.id FROM ProductApi pa WHERE pa.api.id IN :apis))",
                scope, Map.of("active", SubscriptionStatus.ACTIVE)));
        Set<UUID> keyIds = union(scope.keys(), ids("SELECT k.id FROM ApiKey k WHERE k.status = :active"
                        + " AND (k.application.id IN :applications OR k.application.organization.id IN :organizations)",
                scope, Map.of("active", KeyStatus.ACTIVE)));

        ConfigDelta.Removed removed = new ConfigDelta.Removed(
                gone(scope.apis(), apis, Snapshot.ApiEntry::id), gone(planIds, plans, Snapshot.PlanEntry::id),
                gone(appIds, applications, Snapshot.ApplicationEntry::id),
                gone(subIds, subscriptions, Snapshot.SubscriptionEntry::id), gone(keyIds, keys, Snapshot.KeyEntry::id));
        return new ConfigDelta(after, current, apis, plans, applications, subscriptions, keys, removed);
    }

    private Set<UUID> ids(String jpql, Scope scope, Map<String, Object> params) {
        var query = em.createQuery(jpql, UUID.class);
        params.forEach(query::setParameter);
        Map<String, Set<UUID>> lists = Map.of("apis", scope.apis(), "organizations", scope.organizations(),
                "applications", scope.applications());
        lists.forEach((name, values) -> {
            if (jpql.contains(":" + name)) {
                query.setParameter(name, values.isEmpty() ? List.of(new UUID(0, 0)) : List.copyOf(values));
            }
        });
        return new HashSet<>(query.getResultList());
    }

    private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
        Set<UUID> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> List<UUID> gone(Set<UUID> touched, List<T> present, Function<T, UUID> id) {
        Set<UUID> left = new HashSet<>(touched);
        present.forEach(e -> left.remove(id.apply(e)));
        return left.stream().sorted().toList();
    }
}
