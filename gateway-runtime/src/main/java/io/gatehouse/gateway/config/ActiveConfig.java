package io.gatehouse.gateway.config;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The config in force, swapped atomically. {@code null} until the first config is loaded. */
@Singleton
public class ActiveConfig {

    /** A config and when this node applied it. */
    public record Applied(CompiledConfig config, Instant appliedAt) {
    }

    private final AtomicReference<Applied> current = new AtomicReference<>();

    /** The config in force, or {@code null} if none has been loaded yet. */
    public CompiledConfig current() {
        Applied applied = current.get();
        return applied == null ? null : applied.config();
    }

    public Applied applied() {
        return current.get();
    }

    /** The version in force, or -1 if none. */
    public long version() {
        Applied applied = current.get();
        return applied == null ? -1 : applied.config().version();
    }

    /** Swaps {@code next} in for {@code expected} (same version, fewer keys); false if another config came first. */
    boolean replace(CompiledConfig expected, CompiledConfig next, Instant now) {
        Applied prev = current.get();
        return prev != null && prev.config() == expected && current.compareAndSet(prev, new Applied(next, now));
    }

    /** Swaps {@code config} in if it is newer than the one in force; returns whether it did. */
    public boolean applyIfNewer(CompiledConfig config, Instant now) {
        Applied next = new Applied(config, now);
        while (true) {
            Applied prev = current.get();
            if (prev != null && prev.config().version() >= config.version()) {
                return false;
            }
            if (current.compareAndSet(prev, next)) {
                return true;
            }
        }
    }
}
