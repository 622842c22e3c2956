package io.gatehouse.gateway.config;

import io.gatehouse.gateway.pipeline.ExchangeConfig;
import io.gatehouse.gateway.policy.auth.ExcludingKeyDirectory;
import io.gatehouse.gateway.policy.auth.KeyDirectory;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One snapshot, compiled for the hot path: immutable, built once off the event loop, swapped in
 * whole. A request captures the instance current when it arrives and uses it to the end.
 *
 * <p>It holds what each feature compiled, by slot: the config-wide {@link ExchangeConfig.Part parts} and each API's
 * {@link ExchangeConfig.Option options}. It knows none of their types; {@link SnapshotCompiler} assembles it through
 * the {@link Builder}.
 */
public final class CompiledConfig implements ExchangeConfig {

    private static final Object[] NO_OPTIONS = new Object[0];

    private final long version;
    private final Instant generatedAt;
    /** Part values by {@link Part#slot()}; {@code null} slots answer the part's fallback. */
    private final Object[] parts;
    /** Each API's option values by {@link Option#slot()}; {@code null} slots answer the option's fallback. */
    private final Map<String, Object[]> optionsByApi;
    private final List<String> warnings;
    /** The snapshot this was compiled from (with deltas applied), for the next delta and the digest; null in tests. */
    private final Snapshot source;

    private CompiledConfig(long version, Instant generatedAt, Object[] parts, Map<String, Object[]> optionsByApi,
                           List<String> warnings, Snapshot source) {
        this.version = version;
        this.generatedAt = generatedAt;
        this.parts = parts;
        this.optionsByApi = optionsByApi;
        this.warnings = warnings;
        this.source = source;
    }

    /** A config at {@code version} with nothing in it yet. */
    public static Builder builder(long version) {
        return new Builder(version);
    }

    /** A config with nothing in it, for tests. */
    public static CompiledConfig empty(long version) {
        return builder(version).build();
    }

    /**
     * This config at {@code version}, without the keys {@code keyIds}: a revocation announced with its version,
     * applied without copying the key map. Everything else is shared with this one.
     */
    public CompiledConfig withoutKeys(long version, Collection<String> keyIds) {
        Object[] next = parts.clone();
        next[KeyDirectory.PART.slot()] = ExcludingKeyDirectory.of(part(KeyDirectory.PART), keyIds);
        return new CompiledConfig(version, generatedAt, next, optionsByApi, warnings, source);
    }

    /** This config, remembering the snapshot it was compiled from. */
    CompiledConfig compiledFrom(Snapshot snapshot) {
        return new CompiledConfig(version, generatedAt, parts, optionsByApi, warnings, snapshot);
    }

    /**
     * The snapshot this config holds: the one it was compiled from without the keys revoked by announcements since,
     * at this config's version; empty if it was not compiled from a snapshot (tests).
     */
    public Optional<Snapshot> snapshot() {
        if (source == null) {
            return Optional.empty();
        }
        Set<String> revoked = part(KeyDirectory.PART) instanceof ExcludingKeyDirectory e ? e.excludedIds() : Set.of();
        List<Snapshot.KeyEntry> kept = revoked.isEmpty() || source.keys() == null ? source.keys()
                : source.keys().stream().filter(k -> !revoked.contains(k.id())).toList();
        return Optional.of(new Snapshot(version, source.generatedAt(), source.apis(), source.plans(),
                source.applications(), source.subscriptions(), kept));
    }

    /** How many keys announced revocations removed since this config's snapshot was fetched. */
    public int keysExcluded() {
        return part(KeyDirectory.PART) instanceof ExcludingKeyDirectory e ? e.excluded() : 0;
    }

    @Override
    public long version() {
        return version;
    }

    public Instant generatedAt() {
        return generatedAt;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T part(Part<T> part) {
        int slot = part.slot();
        Object value = slot < parts.length ? parts[slot] : null;
        return value == null ? part.fallback() : (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T option(String apiId, Option<T> option) {
        Object[] values = apiId == null ? null : optionsByApi.get(apiId);
        int slot = option.slot();
        Object value = values == null || slot >= values.length ? null : values[slot];
        return value == null ? option.fallback() : (T) value;
    }

    /** The APIs in this config that set {@code option}, with their value (not for the hot path: it makes a map). */
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> optionByApi(Option<T> option) {
        Map<String, T> byApi = new LinkedHashMap<>();
        int slot = option.slot();
        optionsByApi.forEach((apiId, values) -> {
            if (slot < values.length && values[slot] != null) {
                byApi.put(apiId, (T) values[slot]);
            }
        });
        return byApi;
    }

    /** Entries of the snapshot that were skipped, with the reason, for the log. */
    public List<String> warnings() {
        return warnings;
    }

    /** Assembles a {@link CompiledConfig}; {@link SnapshotCompiler} uses it, and tests that hand-make a config. */
    public static final class Builder {
        private final long version;
        private Instant generatedAt;
        private Object[] parts = new Object[Part.count()];
        private final Map<String, Object[]> optionsByApi = new HashMap<>();
        private List<String> warnings = List.of();

        private Builder(long version) {
            this.version = version;
        }

        public Builder generatedAt(Instant generatedAt) {
            this.generatedAt = generatedAt;
            return this;
        }

        /** Sets a config-wide part; {@code null} leaves its fallback. */
        public <T> Builder part(Part<T> part, T value) {
            // A part whose class was first loaded after this builder was made has a slot past the array.
            if (part.slot() >= parts.length) {
                parts = Arrays.copyOf(parts, Math.max(part.slot() + 1, Part.count()));
            }
            parts[part.slot()] = value;
            return this;
        }

        /** Sets an option of the API {@code apiId}; {@code null} leaves its fallback. */
        public <T> Builder option(String apiId, Option<T> option, T value) {
            Object[] values = optionsByApi.computeIfAbsent(apiId, id -> NO_OPTIONS);
            if (option.slot() >= values.length) {
                values = Arrays.copyOf(values, Math.max(option.slot() + 1, Option.count()));
                optionsByApi.put(apiId, values);
            }
            values[option.slot()] = value;
            return this;
        }

        public Builder warnings(List<String> warnings) {
            this.warnings = List.copyOf(warnings);
            return this;
        }

        public CompiledConfig build() {
            Map<String, Object[]> options = new HashMap<>();
            optionsByApi.forEach((apiId, values) -> options.put(apiId, values.clone()));
            return new CompiledConfig(version, generatedAt, parts.clone(), Map.copyOf(options), warnings, null);
        }
    }
}
