package io.gatehouse.gateway.policy.auth;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link KeyDirectory} without some keys: how a revocation announced with its version is applied without copying
 * the snapshot's key map (which holds up to millions of keys). The next snapshot fetched replaces it whole.
 */
public final class ExcludingKeyDirectory implements KeyDirectory {

    private static final Future<Optional<ApiKey>> UNKNOWN = Future.succeededFuture(Optional.empty());

    private final KeyDirectory base;
    private final Set<String> excludedIds;

    private ExcludingKeyDirectory(KeyDirectory base, Set<String> excludedIds) {
        this.base = base;
        this.excludedIds = excludedIds;
    }

    /** {@code directory} without the keys {@code ids}; one level deep however often it is applied. */
    public static ExcludingKeyDirectory of(KeyDirectory directory, Collection<String> ids) {
        if (directory instanceof ExcludingKeyDirectory e) {
            Set<String> all = new HashSet<>(e.excludedIds);
            all.addAll(ids);
            return new ExcludingKeyDirectory(e.base, Set.copyOf(all));
        }
        return new ExcludingKeyDirectory(directory, Set.copyOf(ids));
    }

    /** The ids of the excluded keys. */
    public Set<String> excludedIds() {
        return java.util.Collections.unmodifiableSet(excludedIds);
    }

    /** How many keys are excluded. */
    public int excluded() {
        return excludedIds.size();
    }

    @Override
    public Future<Optional<ApiKey>> findByHash(String hash) {
        Future<Optional<ApiKey>> found = base.findByHash(hash);
        if (found.succeeded()) {
            return excluded(found.result()) ? UNKNOWN : found;
        }
        return found.map(key -> excluded(key) ? Optional.empty() : key);
    }

    private boolean excluded(Optional<ApiKey> key) {
        return key.isPresent() && excludedIds.contains(key.get().id());
    }
}
