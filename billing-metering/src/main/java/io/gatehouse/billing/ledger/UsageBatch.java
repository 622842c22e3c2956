package io.gatehouse.billing.ledger;

import java.util.List;

/**
 * One stream entry, decoded: the events to record and those that could not be read.
 *
 * @param entryId  the stream entry id, e.g. {@code 1764000000000-0}
 * @param node     the gateway node that wrote the batch
 * @param events   valid events, each id once
 * @param rejected events of the entry that could not be read; they go to the dead-letter stream
 * @param repeated events dropped because an earlier event of the same entry had their id
 */
public record UsageBatch(String entryId, String node, List<UsageEvent> events, List<RejectedEvent> rejected,
                         int repeated) {

    /** An event of an otherwise valid entry that could not be read, kept verbatim. */
    public record RejectedEvent(String json, String reason) {
    }
}
