package io.gatehouse.gateway.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What changed from config version {@code from} to {@code version}, as management sends it (contract:
 * {@code docs/gateway-config-snapshot.md}, "Deltas"): entries that replace the entry with the same id (or are added),
 * and ids that leave the config.
 */
public record SnapshotDelta(Long from, Long version, List<Snapshot.Api> apis, List<Snapshot.Plan> plans,
                            List<Snapshot.Application> applications, List<Snapshot.SubscriptionEntry> subscriptions,
                            List<Snapshot.KeyEntry> keys, Removed removed) {

    /** Ids, per collection, of entries that leave the config. */
    public record Removed(List<String> apis, List<String> plans, List<String> applications, List<String> subscriptions,
                          List<String> keys) {
    }

    /** The snapshot {@code base} (at {@link #from}) with this delta applied: the snapshot at {@link #version}. */
    public Snapshot applyTo(Snapshot base) {
        Removed r = removed == null ? new Removed(null, null, null, null, null) : removed;
        return new Snapshot(version, base.generatedAt(),
                merge(base.apis(), apis, r.apis(), Snapshot.Api::id),
                merge(base.plans(), plans, r.plans(), Snapshot.Plan::id),
                merge(base.applications(), applications, r.applications(), Snapshot.Application::id),
                merge(base.subscriptions(), subscriptions, r.subscriptions(), Snapshot.SubscriptionEntry::id),
                merge(base.keys(), keys, r.keys(), Snapshot.KeyEntry::id));
    }

    private static <T> List<T> merge(List<T> base, List<T> upserts, List<String> removed, Function<T, String> id) {
        if ((upserts == null || upserts.isEmpty()) && (removed == null || removed.isEmpty())) {
            return base;
        }
        Map<String, T> byId = new LinkedHashMap<>();
        if (base != null) {
            base.forEach(e -> byId.put(id.apply(e), e));
        }
        if (upserts != null) {
            upserts.forEach(e -> byId.put(id.apply(e), e));
        }
        if (removed != null) {
            removed.forEach(byId::remove);
        }
        return List.copyOf(byId.values());
    }
}
