package io.gatehouse.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A GET of a request's URL sent to its route's upstream with no client waiting for it: for a policy that refreshes
 * what it keeps in the background (the cache's {@code stale-while-revalidate}, RFC 5861 §3). It goes through the same
 * target choice, address guard, health and timeouts as a client's request, without a body and without retries.
 */
@FunctionalInterface
public interface UpstreamFetch {

    /**
     * Sends the GET. The client's headers are forwarded as for the request itself, minus its conditional and range
     * fields; {@code headers} are set on top (e.g. the validators of a stale answer).
     *
     * @param exchange     the request whose URL, route and headers to use; read before this returns
     * @param headers      fields to set on the upstream request
     * @param maxBodyBytes the largest body to read; a larger one fails the fetch
     * @return the upstream's answer; failed when no target may take traffic, on a connection failure, on the route's
     * timeout, or when the body is larger than {@code maxBodyBytes}. Completes on the caller's event loop.
     */
    Future<Fetched> fetch(Exchange exchange, MultiMap headers, long maxBodyBytes);

    /** The upstream's answer: its status, its headers (hop-by-hop fields removed) and its whole body. */
    record Fetched(int status, MultiMap headers, Buffer body) {
    }
}
