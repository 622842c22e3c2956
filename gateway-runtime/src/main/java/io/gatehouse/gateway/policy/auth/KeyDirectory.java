package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.pipeline.ExchangeConfig;
import io.vertx.core.Future;

import java.util.Map;
import java.util.Optional;

/**
 * Finds active API keys by hash. The walking skeleton answers from the snapshot held in memory
 * ({@link SnapshotKeyDirectory}); a later implementation may keep hot keys in a bounded cache and
 * look misses up in Redis, which is why the answer is a {@link Future}.
 *
 * <p>Implementations are called on an event loop: they must not block, and they must be
 * thread-safe. Revoked keys are simply absent. Expiry is not checked here: the caller checks
 * {@link ApiKey#expiresAt()} against its clock on every request.
 */
public interface KeyDirectory {

    /** The key directory of a config; no key is known when there is none. */
    ExchangeConfig.Part<KeyDirectory> PART = new ExchangeConfig.Part<>("keys", new SnapshotKeyDirectory(Map.of()));

    /**
     * @param hash lower-case hex HMAC-SHA256 of the key (see {@link ApiKeyHasher})
     * @return the key, or empty if no active key has this hash
     */
    Future<Optional<ApiKey>> findByHash(String hash);
}
