package io.gatehouse.gateway.config;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a deprecated API tells its clients on every response, rendered once per config:
 * {@code Deprecation: @<epoch seconds>} (RFC 9745: the moment it was deprecated; left out when
 * management did not say when) and {@code Sunset: <HTTP-date>} (RFC 8594) when a sunset is set.
 *
 * @param deprecation the {@code Deprecation} value, or {@code null}
 * @param sunset      the {@code Sunset} value, or {@code null}
 */
public record DeprecationNotice(String deprecation, String sunset) {

    public static DeprecationNotice of(Instant deprecatedAt, Instant sunsetAt) {
        return new DeprecationNotice(
                deprecatedAt == null ? null : "@" + deprecatedAt.getEpochSecond(),
                sunsetAt == null ? null : DateTimeFormatter.RFC_1123_DATE_TIME.format(sunsetAt.atOffset(ZoneOffset.UTC)));
    }
}
