package io.gatehouse.management.gatewayconfig;

import java.util.List;
import java.util.UUID;

/**
 * What changed in the gateway config from version {@code from} to {@code version} (contract:
 * {@code docs/gateway-config-snapshot.md}, "Deltas"): every entry a change in between touched, as it is at
 * {@code version} (the snapshot's entry types, replacing the entry with the same id), and the ids of touched entries
 * that are no longer in the config. Applying it to the snapshot of {@code from} gives the snapshot of {@code version}.
 */
public record ConfigDelta(long from, long version, List<Snapshot.ApiEntry> apis, List<Snapshot.PlanEntry> plans,
                          List<Snapshot.ApplicationEntry> applications, List<Snapshot.SubscriptionEntry> subscriptions,
                          List<Snapshot.KeyEntry> keys, Removed removed) {

    /** Ids, per collection, of entries that leave the config. */
    public record Removed(List<UUID> apis, List<UUID> plans, List<UUID> applications, List<UUID> subscriptions,
                          List<UUID> keys) {
    }
}
