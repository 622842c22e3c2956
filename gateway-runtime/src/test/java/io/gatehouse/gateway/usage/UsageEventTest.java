package io.gatehouse.gateway.usage;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageEventTest {

    static final List<String> CONTRACT_FIELDS = List.of("id", "ts", "node", "org", "app", "sub", "plan", "api",
            "route", "key", "prefix", "method", "status", "outcome", "latencyMs", "upstreamMs", "reqBytes", "resBytes");
    /** What the gateway's request path writes: the contract's fields and the event's place in its node's sequence. */
    static final List<String> NUMBERED_FIELDS = java.util.stream.Stream.concat(CONTRACT_FIELDS.stream(),
            java.util.stream.Stream.of("epoch", "seq")).toList();

    static UsageEvent forwarded(UUID id) {
        return new UsageEvent(id, Instant.parse("2026-11-24T11:00:00Z"), "node-a",
                "00000000-0000-0000-0000-00000000c001", "00000000-0000-0000-0000-00000000b001",
                "00000000-0000-0000-0000-00000000d001", "00000000-0000-0000-0000-00000000e001",
                "00000000-0000-0000-0000-00000000a001", "00000000-0000-0000-0000-00000000f001",
                "00000000-0000-0000-0000-000000000101", "gh_Abcdefg", "GET", 200,
                UsageOutcome.FORWARDED, 12, 9, 0, 512);
    }

    @Test
    void the_json_has_exactly_the_contract_fields_in_the_contract_order() {
        JsonObject json = forwarded(new UuidV7Generator().next(1_795_000_000_000L)).toJson();

        assertEquals(CONTRACT_FIELDS, List.copyOf(json.fieldNames()));
    }

    @Test
    void the_json_carries_typed_values_and_a_millisecond_timestamp() {
        UUID id = new UuidV7Generator().next(1_795_000_000_000L);
        JsonObject json = new JsonObject(forwarded(id).toJson().encode());

        assertEquals(id.toString(), json.getString("id"));
        assertEquals("2026-11-24T11:00:00.000Z", json.getString("ts"));
        assertEquals(Instant.parse("2026-11-24T11:00:00Z"), Instant.parse(json.getString("ts")));
        assertEquals("forwarded", json.getString("outcome"));
        assertEquals(200, json.getValue("status"));
        assertEquals(12, json.getValue("latencyMs"));
        assertEquals(9, json.getValue("upstreamMs"));
        assertEquals(512, ((Number) json.getValue("resBytes")).longValue());
        assertEquals("gh_Abcdefg", json.getString("prefix"));
    }

    @Test
    void unknown_parties_are_json_nulls_and_an_unrecognised_key_has_an_empty_prefix() {
        UsageEvent denied = new UsageEvent(new UuidV7Generator().next(1_795_000_000_000L),
                Instant.parse("2026-11-24T11:00:00.120Z"), "node-a", null, null, null, null, null, null, null, null,
                "POST", 404, UsageOutcome.DENIED, 1, null, 10, 200);

        JsonObject json = new JsonObject(denied.toJson().encode());

        for (String party : List.of("org", "app", "sub", "plan", "api", "route", "key", "upstreamMs")) {
            assertTrue(json.containsKey(party), party + " must be present");
            assertNull(json.getValue(party), party + " must be null");
        }
        assertEquals("", json.getString("prefix"));
        assertEquals("2026-11-24T11:00:00.120Z", json.getString("ts"));
        assertEquals("denied", json.getString("outcome"));
    }

    @Test
    void the_fast_encoding_is_byte_for_byte_the_json_objects_for_any_event() {
        java.util.Random random = new java.util.Random(20261204L);
        String[] awkward = {null, "", "plain", "quote\" and \\ back", "line\nbreak\ttab\r\b\f", "\u0000\u001f\u007f",
                "ünïcødé ✓ 𝄞", "</script>/slash", "\u2028\u2029"};
        for (int i = 0; i < 2_000; i++) {
            UsageEvent event = new UsageEvent(new UuidV7Generator().next(1_795_000_000_000L + i),
                    Instant.ofEpochMilli(random.nextLong(-2_000_000_000_000L, 4_000_000_000_000L)),
                    "node-" + i, pick(random, awkward), pick(random, awkward), pick(random, awkward),
                    pick(random, awkward), pick(random, awkward), pick(random, awkward), pick(random, awkward),
                    pick(random, awkward), random.nextBoolean() ? "GET" : "PÖST",
                    random.nextInt(100, 600), UsageOutcome.values()[random.nextInt(UsageOutcome.values().length)],
                    random.nextInt(Integer.MAX_VALUE), random.nextBoolean() ? null : random.nextInt(),
                    random.nextLong(), random.nextLong());
            if (random.nextBoolean()) {
                event = event.numbered(random.nextLong(), random.nextLong());
            }

            assertEquals(event.toJson().encode(), event.encode());
        }
    }

    private static String pick(java.util.Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }
}
