package io.gatehouse.gateway.cache;

/**
 * The purge generations of a shared entry: the counters of its API, its route and its URL in
 * {@code <ns>:cache:{<apiId>}:gen} when it was looked up. A purge increments one of them, so every shared entry
 * written under the old value stops matching at once, on every node, without touching the entries themselves.
 */
record Generations(long api, long route, long url) {
}
