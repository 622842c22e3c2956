package io.gatehouse.gateway.policy.lifecycle;

import io.gatehouse.gateway.config.ApiOption;
import io.netty.handler.codec.DateFormatter;

import java.time.Instant;
import java.util.Date;

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
                // IMF-fixdate (RFC 9110 §5.6.7): a two-digit day, which java.time's RFC 1123 format leaves out.
                sunsetAt == null ? null : DateFormatter.format(Date.from(sunsetAt)));
    }

    /** The notice of an API whose {@code lifecycle} is {@code deprecated}; {@code null} (the default) otherwise. */
    public static final ApiOption<DeprecationNotice> OPTION = ApiOption.of("lifecycle", null,
            api -> "deprecated".equalsIgnoreCase(api.lifecycle()) ? of(api.deprecatedAt(), api.sunsetAt()) : null);
}
