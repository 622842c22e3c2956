package io.gatehouse.billing.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one stream entry of contract version 1 ({@code docs/usage-events.md}). An entry that is
 * unreadable as a whole throws {@link MalformedEntryException}; a single bad event is set aside
 * in {@link UsageBatch#rejected()} so that it does not cost the other events of its batch.
 *
 * <p>Required per event: {@code id}, {@code ts}, {@code method}, {@code status} (100–599),
 * {@code outcome}, {@code latencyMs}. Parties may be null or absent (nil UUID); {@code prefix}
 * defaults to {@code ""}, {@code node} to the batch's node, byte counts to 0. Outcomes other than
 * the five of version 1 are kept, and are not billable.
 */
@ApplicationScoped
public class UsageBatchDecoder {

    static final String VERSION = "1";

    private final ObjectMapper json;

    public UsageBatchDecoder(ObjectMapper json) {
        this.json = json;
    }

    public UsageBatch decode(String entryId, Map<String, String> fields) {
        String version = fields.get("v");
        if (!VERSION.equals(version)) {
            throw new MalformedEntryException("unknown contract version v=" + version);
        }
        String rawEvents = fields.get("events");
        if (rawEvents == null) {
            throw new MalformedEntryException("no events field");
        }
        JsonNode events;
        try {
            events = json.readTree(rawEvents);
        } catch (JsonProcessingException e) {
            throw new MalformedEntryException("events is not JSON: " + e.getOriginalMessage());
        }
        if (events == null || !events.isArray()) {
            throw new MalformedEntryException("events is not a JSON array");
        }
        String n = fields.get("n");
        if (n == null || !n.equals(Integer.toString(events.size()))) {
            throw new MalformedEntryException("n=" + n + " but events holds " + events.size());
        }
        String node = fields.getOrDefault("node", "");
        List<UsageEvent> valid = new ArrayList<>(events.size());
        List<UsageBatch.RejectedEvent> rejected = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        int repeated = 0;
        for (JsonNode event : events) {
            try {
                UsageEvent e = event(event, node);
                if (seen.add(e.id())) {
                    valid.add(e);
                } else {
                    repeated++;
                }
            } catch (InvalidEvent invalid) {
                rejected.add(new UsageBatch.RejectedEvent(event.toString(), invalid.getMessage()));
            }
        }
        return new UsageBatch(entryId, node, List.copyOf(valid), List.copyOf(rejected), repeated);
    }

    private static UsageEvent event(JsonNode e, String batchNode) {
        if (!e.isObject()) {
            throw new InvalidEvent("an event must be a JSON object");
        }
        UUID id = uuid(e, "id");
        if (id.equals(UsageEvent.NIL)) {
            throw new InvalidEvent("id is required");
        }
        int status = integer(e, "status", 100, 599);
        return new UsageEvent(id, instant(e, "ts"), text(e, "node", batchNode),
                uuid(e, "org"), uuid(e, "app"), uuid(e, "sub"), uuid(e, "plan"),
                uuid(e, "api"), uuid(e, "route"), uuid(e, "key"), text(e, "prefix", ""),
                required(text(e, "method", null), "method"), status, required(text(e, "outcome", null), "outcome"),
                integer(e, "latencyMs", 0, Integer.MAX_VALUE), optionalInteger(e, "upstreamMs"),
                count(e, "reqBytes"), count(e, "resBytes"), positive(e, "epoch"), positive(e, "seq"));
    }

    /** An optional positive integer (the place in a node's sequence: both or neither make sense, see GapDetector). */
    private static Long positive(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
            throw new InvalidEvent(field + " must be a positive integer");
        }
        return v.longValue();
    }

    private static UUID uuid(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return UsageEvent.NIL;
        }
        if (!v.isTextual()) {
            throw new InvalidEvent(field + " must be a UUID or null");
        }
        try {
            return UUID.fromString(v.asText());
        } catch (IllegalArgumentException ex) {
            throw new InvalidEvent(field + " must be a UUID or null");
        }
    }

    private static Instant instant(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidEvent(field + " must be an ISO-8601 instant");
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeException ex) {
            throw new InvalidEvent(field + " must be an ISO-8601 instant");
        }
    }

    private static String text(JsonNode e, String field, String fallback) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new InvalidEvent(field + " must be a string");
        }
        String s = v.asText();
        // PostgreSQL text cannot hold NUL; refusing it here keeps one bad field from failing a whole batch.
        if (s.indexOf('\0') >= 0) {
            throw new InvalidEvent(field + " contains a NUL character");
        }
        return s;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEvent(field + " is required");
        }
        return value;
    }

    private static int integer(JsonNode e, String field, int min, int max) {
        JsonNode v = e.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
            throw new InvalidEvent(field + " must be an integer from " + min + " to " + max);
        }
        return v.intValue();
    }

    private static Integer optionalInteger(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : integer(e, field, 0, Integer.MAX_VALUE);
    }

    private static long count(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new InvalidEvent(field + " must be a non-negative integer");
        }
        return v.longValue();
    }

    /** Why one event was set aside; control flow inside the decoder only. */
    private static final class InvalidEvent extends RuntimeException {
        InvalidEvent(String reason) {
            super(reason, null, false, false);
        }
    }
}
