package io.gatehouse.billing.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Usage events and stream entries as a gateway writes them (contract version 1). */
final class TestEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    /** One event; null parties are written as JSON null. */
    static ObjectNode event(UUID id, Instant ts, UUID org, UUID app, UUID api, UUID plan, int status, String outcome,
                            int latencyMs) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id.toString());
        e.put("ts", ts.toString());
        e.put("node", "gw-1");
        e.put("org", org == null ? null : org.toString());
        e.put("app", app == null ? null : app.toString());
        e.put("sub", app == null ? null : UUID.nameUUIDFromBytes(("sub" + app).getBytes()).toString());
        e.put("plan", plan == null ? null : plan.toString());
        e.put("api", api == null ? null : api.toString());
        e.putNull("route");
        e.putNull("key");
        e.put("prefix", app == null ? "" : "gh_live_ab");
        e.put("method", "GET");
        e.put("status", status);
        e.put("outcome", outcome);
        e.put("latencyMs", latencyMs);
        if ("forwarded".equals(outcome)) {
            e.put("upstreamMs", Math.max(0, latencyMs - 1));
        } else {
            e.putNull("upstreamMs");
        }
        e.put("reqBytes", 10L);
        e.put("resBytes", 100L + status);
        return e;
    }

    static ObjectNode event(UUID id, Instant ts, int status, String outcome) {
        return event(id, ts, Parties.ORG, Parties.APP, Parties.API, Parties.PLAN, status, outcome, 7);
    }

    /** The fields of one stream entry carrying {@code events}. */
    static Map<String, String> entry(List<? extends com.fasterxml.jackson.databind.JsonNode> events) {
        ArrayNode array = JSON.createArrayNode();
        events.forEach(array::add);
        return Map.of("v", "1", "n", Integer.toString(events.size()), "events", array.toString(), "node", "gw-1");
    }

    /** Fixed parties for tests that need only one of each. */
    static final class Parties {
        static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-00000000a001");
        static final UUID APP = UUID.fromString("00000000-0000-0000-0000-00000000a002");
        static final UUID API = UUID.fromString("00000000-0000-0000-0000-00000000a003");
        static final UUID PLAN = UUID.fromString("00000000-0000-0000-0000-00000000a004");

        private Parties() {
        }
    }
}
