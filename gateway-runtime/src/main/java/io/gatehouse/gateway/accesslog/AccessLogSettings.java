package io.gatehouse.gateway.accesslog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the access log ({@code gatehouse.access-log.*}, e.g. {@code GATEHOUSE_ACCESS_LOG_ENABLED}). */
@ConfigMapping(prefix = "gatehouse.access-log")
public interface AccessLogSettings {

    /** Whether one JSON line per request is written on the {@code gatehouse.access} log category. */
    @WithDefault("true")
    boolean enabled();

    /** Lines waiting for the writer thread; when it is full, lines are dropped and counted, never waited for. */
    @WithDefault("10000")
    int bufferCapacity();
}
