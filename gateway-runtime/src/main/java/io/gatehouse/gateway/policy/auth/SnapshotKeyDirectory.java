package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.config.Snapshot;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A {@link KeyDirectory} over the keys of one snapshot, held in an immutable map. */
public final class SnapshotKeyDirectory implements KeyDirectory {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Future<Optional<ApiKey>> UNKNOWN = Future.succeededFuture(Optional.empty());

    private final Map<String, ApiKey> keysByHash;

    public SnapshotKeyDirectory(Map<String, ApiKey> keysByHash) {
        this.keysByHash = Map.copyOf(keysByHash);
    }

    @Override
    public Future<Optional<ApiKey>> findByHash(String hash) {
        ApiKey key = keysByHash.get(hash);
        return key == null ? UNKNOWN : Future.succeededFuture(Optional.of(key));
    }

    public int size() {
        return keysByHash.size();
    }

    /**
     * The keys of the snapshot. A key without a 64-hex-digit hash or an application, or with the hash of another
     * key, is left out with a warning.
     */
    public static SnapshotKeyDirectory of(List<Snapshot.KeyEntry> keys, List<String> warnings) {
        Map<String, ApiKey> byHash = new HashMap<>();
        for (Snapshot.KeyEntry key : keys) {
            String hash = key.hash() == null ? "" : key.hash().trim().toLowerCase(Locale.ROOT);
            if (!HASH.matcher(hash).matches() || key.applicationId() == null || key.applicationId().isBlank()) {
                warnings.add("key " + key.id() + " skipped: it needs a 64-hex-digit hash and an applicationId");
                continue;
            }
            if (byHash.putIfAbsent(hash, new ApiKey(key.id(), key.prefix(), key.applicationId(), key.expiresAt())) != null) {
                warnings.add("key " + key.id() + " skipped: another key has the same hash");
            }
        }
        return new SnapshotKeyDirectory(byHash);
    }
}
