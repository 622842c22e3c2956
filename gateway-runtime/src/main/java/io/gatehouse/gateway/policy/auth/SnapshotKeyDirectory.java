package io.gatehouse.gateway.policy.auth;

import io.vertx.core.Future;

import java.util.Map;
import java.util.Optional;

/** A {@link KeyDirectory} over the keys of one snapshot, held in an immutable map. */
public final class SnapshotKeyDirectory implements KeyDirectory {

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
}
