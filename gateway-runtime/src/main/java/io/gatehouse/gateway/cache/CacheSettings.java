package io.gatehouse.gateway.cache;

import io.gatehouse.gateway.config.Snapshot;

/**
 * A route's response cache, compiled from the snapshot's optional {@code cache} object.
 *
 * @param defaultTtlSeconds heuristic freshness (RFC 9111 §4.2.2) given to an answer that states none (no
 *                          {@code max-age}, {@code s-maxage} or {@code Expires}) when its status is heuristically
 *                          cacheable (RFC 9110 §15.1) or it is marked {@code public}; 0 stores only answers with
 *                          explicit freshness
 * @param perConsumer       whether entries are kept per application (else shared by every consumer of the route)
 * @param maxEntryBytes     largest body stored; larger answers are relayed and not stored
 * @param shared            whether entries also go to, and are looked up in, the shared Redis layer (so a miss on
 *                          one node can hit what another node stored); off unless the route says so
 * @param storeSetCookie    whether an answer that sets a cookie is stored; it is stored <em>without</em> its
 *                          {@code Set-Cookie}, which only the client that caused the store gets; off: never stored
 */
public record CacheSettings(long defaultTtlSeconds, boolean perConsumer, long maxEntryBytes, boolean shared,
                            boolean storeSetCookie) {

    public static final long DEFAULT_MAX_ENTRY_BYTES = 1024 * 1024;

    public CacheSettings {
        if (defaultTtlSeconds < 0) {
            throw new IllegalArgumentException("cache.ttlSeconds must be >= 0");
        }
        if (maxEntryBytes < 1) {
            throw new IllegalArgumentException("cache.maxEntryBytes must be >= 1");
        }
    }

    /** A route cache kept on each node only. */
    public CacheSettings(long defaultTtlSeconds, boolean perConsumer, long maxEntryBytes) {
        this(defaultTtlSeconds, perConsumer, maxEntryBytes, false, false);
    }

    /** A route cache that never stores an answer setting a cookie. */
    public CacheSettings(long defaultTtlSeconds, boolean perConsumer, long maxEntryBytes, boolean shared) {
        this(defaultTtlSeconds, perConsumer, maxEntryBytes, shared, false);
    }

    /** A route's {@code cache} from the snapshot, or {@code null} when the route does not cache. */
    public static CacheSettings of(Snapshot.RouteCache c) {
        return c == null ? null : new CacheSettings(c.ttlSeconds() == null ? 0 : c.ttlSeconds(),
                Boolean.TRUE.equals(c.perConsumer()),
                c.maxEntryBytes() == null ? DEFAULT_MAX_ENTRY_BYTES : c.maxEntryBytes(),
                Boolean.TRUE.equals(c.shared()), Boolean.TRUE.equals(c.storeSetCookie()));
    }
}
