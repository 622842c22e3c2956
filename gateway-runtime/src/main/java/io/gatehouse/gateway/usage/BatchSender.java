package io.gatehouse.gateway.usage;

import java.util.concurrent.CompletionStage;

/**
 * Delivers a batch to where billing reads it. Implementations must not block the caller and must settle every
 * call within a bounded time (their own timeout): the recorder spools a batch whose delivery failed or timed out.
 * A batch that timed out may still have arrived; it is then delivered twice, which the contract allows
 * (billing deduplicates by event id).
 */
public interface BatchSender {

    /**
     * Sends {@code batch} as one stream entry.
     *
     * @return a stage that completes when the entry was accepted, or completes exceptionally when it was not
     *         (or may not have been) accepted in time
     */
    CompletionStage<Void> send(UsageBatch batch);
}
