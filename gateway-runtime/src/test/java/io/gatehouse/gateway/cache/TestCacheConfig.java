package io.gatehouse.gateway.cache;

import io.quarkus.runtime.configuration.MemorySize;

import java.math.BigInteger;
import java.time.Duration;

/** {@link CacheConfig} values for tests that build caches by hand. */
record TestCacheConfig(long maxBytes, boolean sharedEnabled, Duration timeout, Duration retryAfter, long maxEntryBytes)
        implements CacheConfig {

    static TestCacheConfig of(long maxBytes) {
        return new TestCacheConfig(maxBytes, true, Duration.ofMillis(500), Duration.ofSeconds(1), 1 << 20);
    }

    @Override
    public Duration staleRetention() {
        return Duration.ofMinutes(10);
    }

    @Override
    public String targetedField() {
        return "Gatehouse-Cache-Control";
    }

    @Override
    public MemorySize maxSize() {
        return new MemorySize(BigInteger.valueOf(maxBytes));
    }

    @Override
    public Shared shared() {
        return new Shared() {
            @Override
            public boolean enabled() {
                return sharedEnabled;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public Duration retryAfter() {
                return retryAfter;
            }

            @Override
            public MemorySize maxEntrySize() {
                return new MemorySize(BigInteger.valueOf(maxEntryBytes));
            }
        };
    }
}
