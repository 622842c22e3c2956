package io.gatehouse.billing.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.billing.ledger.TestEvents.entry;
import static io.gatehouse.billing.ledger.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageBatchDecoderTest {

    static final Instant TS = Instant.parse("2026-11-25T10:15:30.123Z");

    final UsageBatchDecoder decoder = new UsageBatchDecoder(TestEvents.JSON);

    @Test
    void reads_a_version_1_batch_with_unknown_parties_as_the_nil_uuid() {
        UUID id = UUID.randomUUID();
        ObjectNode anonymous = event(id, TS, null, null, null, null, 401, "denied", 3);
        anonymous.remove("reqBytes");

        UsageBatch batch = decoder.decode("1-0", entry(List.of(anonymous)));

        UsageEvent e = batch.events().get(0);
        assertEquals(id, e.id());
        assertEquals(TS, e.occurredAt());
        assertEquals(UsageEvent.NIL, e.organizationId());
        assertEquals(UsageEvent.NIL, e.applicationId());
        assertEquals(UsageEvent.NIL, e.keyId());
        assertEquals("", e.keyPrefix());
        assertEquals(401, e.status());
        assertNull(e.upstreamMs());
        assertEquals(0, e.requestBytes());
        assertEquals("gw-1", batch.node());
    }

    @Test
    void sets_a_bad_event_aside_and_keeps_the_others() {
        ObjectNode noId = event(UUID.randomUUID(), TS, 200, "forwarded");
        noId.remove("id");
        ObjectNode badOrg = event(UUID.randomUUID(), TS, 200, "forwarded").put("org", "acme");
        ObjectNode nul = event(UUID.randomUUID(), TS, 200, "forwarded").put("method", "GE\u0000T");

        UsageBatch batch = decoder.decode("1-0", entry(List.of(event(UUID.randomUUID(), TS, 200, "forwarded"),
                noId, badOrg, nul, event(UUID.randomUUID(), TS, 500, "error"))));

        assertEquals(2, batch.events().size());
        assertEquals(List.of("id is required", "org must be a UUID or null", "method contains a NUL character"),
                batch.rejected().stream().map(UsageBatch.RejectedEvent::reason).toList());
    }

    @Test
    void reads_the_place_in_the_node_sequence_when_there_and_refuses_a_number_below_one() {
        ObjectNode numbered = event(UUID.randomUUID(), TS, 200, "forwarded").put("epoch", 1796390865500L).put("seq", 7);
        ObjectNode zero = event(UUID.randomUUID(), TS, 200, "forwarded").put("epoch", 1796390865500L).put("seq", 0);
        ObjectNode text = event(UUID.randomUUID(), TS, 200, "forwarded").put("epoch", "yesterday").put("seq", 8);

        UsageBatch batch = decoder.decode("1-0", entry(List.of(numbered, zero, text,
                event(UUID.randomUUID(), TS, 200, "forwarded"))));

        assertEquals(1796390865500L, batch.events().get(0).epoch());
        assertEquals(7L, batch.events().get(0).seq());
        assertEquals(null, batch.events().get(1).seq(), "an event without a number (an older gateway) is fine");
        assertEquals(List.of("seq must be a positive integer", "epoch must be a positive integer"),
                batch.rejected().stream().map(UsageBatch.RejectedEvent::reason).toList());
    }

    @Test
    void an_event_repeated_within_one_entry_is_kept_once() {
        ObjectNode e = event(UUID.randomUUID(), TS, 200, "forwarded");

        UsageBatch batch = decoder.decode("1-0", entry(List.of(e, e, e)));

        assertEquals(1, batch.events().size());
        assertEquals(2, batch.repeated());
    }

    @Test
    void rejects_whole_entries_it_cannot_read() {
        assertThrows(MalformedEntryException.class, () -> decoder.decode("1-0", Map.of("v", "2", "n", "0", "events", "[]")));
        assertThrows(MalformedEntryException.class, () -> decoder.decode("1-0", Map.of("v", "1", "n", "1", "events", "{")));
        assertThrows(MalformedEntryException.class, () -> decoder.decode("1-0", Map.of("v", "1", "n", "1", "events", "{}")));
        assertThrows(MalformedEntryException.class, () -> decoder.decode("1-0", Map.of("v", "1", "n", "1")));
        MalformedEntryException count = assertThrows(MalformedEntryException.class,
                () -> decoder.decode("1-0", Map.of("v", "1", "n", "3", "events", "[]")));
        assertTrue(count.getMessage().contains("n=3"), count.getMessage());
    }

    @Test
    void bills_forwarded_and_cached_2xx_and_3xx_only() {
        assertTrue(decoded(200, "forwarded").billable());
        assertTrue(decoded(304, "cache-hit").billable());
        assertFalse(decoded(404, "forwarded").billable(), "4xx from the upstream");
        assertFalse(decoded(503, "forwarded").billable(), "5xx from the upstream");
        assertFalse(decoded(200, "denied").billable(), "a policy answered");
        assertFalse(decoded(502, "upstream-error").billable());
        assertFalse(decoded(200, "a-future-outcome").billable(), "unknown outcomes are kept, not billed");
    }

    private UsageEvent decoded(int status, String outcome) {
        return decoder.decode("1-0", entry(List.of(event(UUID.randomUUID(), TS, status, outcome)))).events().get(0);
    }
}
