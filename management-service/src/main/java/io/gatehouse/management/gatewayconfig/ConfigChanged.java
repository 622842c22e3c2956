package io.gatehouse.management.gatewayconfig;

import java.util.List;

/**
 * Fired inside the transaction that changed gateway config; observed after it commits.
 *
 * @param version     the version the change made
 * @param revokedKeys when the version's whole change is that these keys stopped being usable (a revocation): their
 *                    ids, announced with the version so that a gateway at {@code version - 1} applies it without
 *                    fetching anything; empty otherwise
 */
public record ConfigChanged(long version, List<String> revokedKeys) {

    public ConfigChanged {
        revokedKeys = List.copyOf(revokedKeys);
    }

    public ConfigChanged(long version) {
        this(version, List.of());
    }
}
