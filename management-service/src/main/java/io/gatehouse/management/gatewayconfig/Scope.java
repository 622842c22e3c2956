package io.gatehouse.management.gatewayconfig;

import io.quarkus.panache.common.Parameters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which part of the gateway config a query reads: everything ({@link #ALL}, the snapshot), or the entities that a run
 * of changes touched (a delta). A change to an organization touches its applications, their subscriptions and keys; a
 * change to an application touches its subscriptions and keys; a change to an API touches its routes and targets
 * (inside its entry), its plans and its subscriptions; a plan, subscription or key change touches only itself.
 */
record Scope(boolean all, Set<UUID> apis, Set<UUID> plans, Set<UUID> organizations, Set<UUID> applications,
             Set<UUID> subscriptions, Set<UUID> keys) {

    static final Scope ALL = new Scope(true, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

    /** A UUID no entity has: JPQL's {@code in} needs a non-empty list. */
    private static final UUID NONE = new UUID(0, 0);

    Scope {
        apis = Set.copyOf(apis);
        plans = Set.copyOf(plans);
        organizations = Set.copyOf(organizations);
        applications = Set.copyOf(applications);
        subscriptions = Set.copyOf(subscriptions);
        keys = Set.copyOf(keys);
    }

    /** A JPQL query and its parameters. */
    record Query(String jpql, Parameters params) {
    }

    /**
     * {@code base} restricted to this scope by {@code condition}, which names the id lists it uses as {@code :apis},
     * {@code :plans}, {@code :organizations}, {@code :applications}, {@code :subscriptions} or {@code :keys}; for
     * {@link #ALL}, {@code base} as it is.
     */
    Query restrict(String base, String condition, Map<String, Object> baseParams) {
        Map<String, Object> values = new HashMap<>(baseParams);
        if (all) {
            return new Query(base, parameters(values));
        }
        Map<String, Set<UUID>> lists = Map.of("apis", apis, "plans", plans, "organizations", organizations,
                "applications", applications, "subscriptions", subscriptions, "keys", keys);
        lists.forEach((name, ids) -> {
            if (condition.matches("(?s).*:" + name + "\\b.*")) {
                values.put(name, nonEmpty(ids));
            }
        });
        return new Query(base + " and (" + condition + ")", parameters(values));
    }

    private static Parameters parameters(Map<String, Object> values) {
        Parameters p = new Parameters();
        values.forEach(p::and);
        return p;
    }

    private static List<UUID> nonEmpty(Set<UUID> ids) {
        return ids.isEmpty() ? List.of(NONE) : List.copyOf(ids);
    }
}
