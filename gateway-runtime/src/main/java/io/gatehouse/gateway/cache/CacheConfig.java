package io.gatehouse.gateway.cache;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the response cache ({@code gatehouse.cache.*}). Routes opt in through the snapshot. */
@ConfigMapping(prefix = "gatehouse.cache")
public interface CacheConfig {

    /** Most bytes (bodies plus headers, roughly) held by the cache of this node; least recently used go first. */
    @WithDefault("64M")
    MemorySize maxSize();

    /**
     * The targeted cache-control field (RFC 9213) this cache obeys before {@code CDN-Cache-Control} and instead of
     * {@code Cache-Control}; on caching routes it is removed from answers before they reach the client.
     */
    @WithDefault("Gatehouse-Cache-Control")
    String targetedField();

    /**
     * How long a stale answer with a validator ({@code ETag} or {@code Last-Modified}) is kept past its freshness, to
     * be revalidated with a conditional request (RFC 9111 §4.3) instead of fetched whole; 0 drops answers once stale.
     */
    @WithDefault("10m")
    Duration staleRetention();

    /** The shared Redis layer, used by routes whose cache says {@code shared: true}. */
    Shared shared();

    interface Shared {

        /** Whether this node uses the shared layer at all; off, routes with {@code shared: true} stay per node. */
        @WithDefault("true")
        boolean enabled();

        /** Budget of one Redis call of the shared layer; a slower answer counts as a miss (lookup) or is dropped (store). */
        @WithDefault("100ms")
        Duration timeout();

        /** After a Redis error or timeout, how long the shared layer is skipped (no request waits on a dead Redis twice). */
        @WithDefault("1s")
        Duration retryAfter();

        /** Largest serialized entry (status, headers, body) written to Redis; larger ones stay on the node. */
        @WithDefault("1M")
        MemorySize maxEntrySize();
    }
}
