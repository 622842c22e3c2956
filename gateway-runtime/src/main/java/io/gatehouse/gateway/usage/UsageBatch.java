package io.gatehouse.gateway.usage;

import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.Objects;

/**
 * Events that travel together as one stream entry: the entry's {@code n}, {@code node} and {@code events}
 * fields. The events are encoded once, when the batch is made, and kept as JSON from then on (to Redis, to the
 * spool and back), so a replayed batch is byte for byte the batch that was first tried.
 *
 * @param node   the node that made the batch
 * @param count  the number of events in {@code events}
 * @param events a JSON array of event objects
 */
public record UsageBatch(String node, int count, String events) {

    public UsageBatch {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(events, "events");
        if (count < 1) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
    }

    /** One batch of {@code node} from events already encoded as JSON objects (not empty). */
    public static UsageBatch ofEncoded(String node, List<String> events) {
        return new UsageBatch(node, events.size(), "[" + String.join(",", events) + "]");
    }

    /** Encodes {@code events} (not empty) as one batch of {@code node}. */
    public static UsageBatch of(String node, List<UsageEvent> events) {
        JsonArray array = new JsonArray();
        for (UsageEvent event : events) {
            array.add(event.toJson());
        }
        return new UsageBatch(node, events.size(), array.encode());
    }
}
