package io.gatehouse.management.cachepurge;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/**
 * A purge as it was sent to the gateways (the answer of {@code POST …/cache/purge}, and the audit entry).
 *
 * @param purgeId     the purge's id, also in the message gateways receive
 * @param apiId       the API
 * @param scope       {@code api}, {@code route} or {@code url}
 * @param routeId     the route, when the scope is {@code route}
 * @param url         the URL, when the scope is {@code url}
 * @param requestedAt when it was sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurgeView(UUID purgeId, UUID apiId, String scope, UUID routeId, String url, Instant requestedAt) {
}
