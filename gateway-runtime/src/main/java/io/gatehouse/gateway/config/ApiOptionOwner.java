package io.gatehouse.gateway.config;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A policy (or another part of the gateway) that reads per-API options from the snapshot. The policies of the chain
 * that implement this are asked once, at start, which options to compile ({@code GatewayWiring.snapshotCompiler}), so a
 * new policy's options are compiled without a line anywhere else.
 */
public interface ApiOptionOwner {

    /** The options this reads; the same option may be listed by several owners. */
    List<ApiOption<?>> apiOptions();

    /** Every option of the {@code candidates} that are owners, each once, in the order first listed. */
    static List<ApiOption<?>> optionsOf(Collection<?> candidates) {
        Set<ApiOption<?>> options = new LinkedHashSet<>();
        for (Object candidate : candidates) {
            if (candidate instanceof ApiOptionOwner owner) {
                options.addAll(owner.apiOptions());
            }
        }
        return List.copyOf(options);
    }
}
