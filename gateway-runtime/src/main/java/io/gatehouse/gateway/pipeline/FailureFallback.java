package io.gatehouse.gateway.pipeline;

/**
 * An answer a policy offers to send instead of the gateway's own error when the upstream cannot answer (it could not
 * be reached, timed out, or every target is ejected): e.g. the cache's stale answer under {@code stale-if-error}
 * (RFC 5861 §4). Set on the exchange under {@link #KEY}; the proxy asks it before writing the error. The policy's
 * response phase still runs for the answer sent.
 */
@FunctionalInterface
public interface FailureFallback {

    /** Where a policy leaves its fallback on the exchange. */
    Exchange.Key<FailureFallback> KEY = new Exchange.Key<>("failure-fallback");

    /**
     * The answer to send instead of an error with {@code status} (502, 503 or 504), or {@code null} to send the error.
     * Must not block or throw.
     */
    Outcome.Reply instead(int status);
}
