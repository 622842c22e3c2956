package io.gatehouse.gateway.pipeline;

import io.vertx.core.Future;

/**
 * One small step of the request pipeline (route, authenticate, plan, rate limit, …).
 *
 * <p>A policy looks at the {@link Exchange}, may record what it learned on it (e.g. the matched
 * route, the authenticated key), and returns an {@link Outcome}: continue, respond (a denial) or
 * fail (our error). The outcome is a Vert.x {@link Future} so that a policy may wait for I/O
 * (Redis, a remote lookup) without blocking; most policies decide at once and return one of the
 * completed futures from {@link Outcome}. A policy never calls the next one and never writes to
 * the HTTP response: the {@link PolicyChain} does both, so nothing depends on "forgot to call
 * next".
 *
 * <p>Policies run on a Vert.x event loop. They must not block, and they must be thread-safe:
 * one instance serves every request. Per-request state lives on the {@link Exchange};
 * per-config state (tables compiled from the snapshot) lives on its compiled config.
 *
 * <p>If a policy throws or its future fails, the chain turns that into an
 * {@link Outcome.Fail} with {@code internal-error}.
 *
 * <p>Two more phases, both optional, run for the policies whose {@link #onRequest} ran, in the reverse order (the last
 * policy to see the request is the first to see the answer, as Envoy's encoder filters and Gravitee's response phase
 * do): {@link #onResponse} once, just before the response head is written, whatever the answer is; and
 * {@link #onComplete} once, when the request is over.
 */
public interface Policy {

    /** A short stable name for logs and metrics, e.g. {@code "api-key"}. */
    String name();

    /**
     * Runs when a request arrives, before it is forwarded upstream.
     *
     * @param exchange the request being handled; never {@code null}
     * @return the decision; never {@code null}
     */
    Future<Outcome> onRequest(Exchange exchange);

    /**
     * Runs once, just before the response head is written, whatever the answer is: the upstream's (then
     * {@code head} carries its body, which the policy may replace with a stream over it), or one of the gateway's own
     * (a denial, a reply, a failure). The policy may edit the headers; it must not block, write to the response or
     * throw (a throw is logged and the phase goes on with the next policy).
     */
    default void onResponse(Exchange exchange, ResponseHead head) {
    }

    /**
     * Runs once when the request is over: its answer was written, or the client went away before one could be. For
     * releasing what {@link #onRequest} took that the answer did not settle. Must not block or throw.
     */
    default void onComplete(Exchange exchange) {
    }
}
