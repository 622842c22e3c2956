package io.gatehouse.management.cachepurge;

import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * What to purge from the gateways' response caches: {@code {}} the whole API, {@code {"routeId": …}} one of its
 * routes, {@code {"url": "/path?query"}} one URL under its routes (every host, variant, consumer and method).
 *
 * @param routeId a route of the API, or null
 * @param url     a path as clients send it, with an optional query (its parameter order does not matter), or null
 */
public record PurgeRequest(UUID routeId, @Size(max = 2048) String url) {
}
