package io.gatehouse.gateway.cache;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the in-process response cache ({@code gatehouse.cache.*}). Routes opt in through the snapshot. */
@ConfigMapping(prefix = "gatehouse.cache")
public interface CacheConfig {

    /** Most bytes (bodies plus headers, roughly) held by the cache of this node; least recently used go first. */
    @WithDefault("64M")
    MemorySize maxSize();
}
