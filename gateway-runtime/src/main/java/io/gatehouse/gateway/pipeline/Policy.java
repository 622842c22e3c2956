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
}
