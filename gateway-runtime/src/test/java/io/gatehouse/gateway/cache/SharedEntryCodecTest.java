package io.gatehouse.gateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The bytes of a shared entry: everything the other node needs survives, and anything else is a miss. */
class SharedEntryCodecTest {

    private static CachedResponse entry() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add("Cache-Control", "max-age=60").add("Link", "</a>").add("Link", "</b>").add("X-Ünïcode", "wert ✓");
        return new CachedResponse(203, headers, Buffer.buffer(new byte[]{0, 1, 2, (byte) 0xff}), "app-1",
                List.of("accept", "accept-language"), Arrays.asList("application/json", null), 7, 1_800_000_000_123L, 60,
                "api-1", "route-1", new CachedResponse.Stale(30, 86400, false));
    }

    @Test
    void an_entry_and_its_generations_survive_the_round_trip() {
        CachedResponse original = entry();

        SharedEntryCodec.Decoded decoded = SharedEntryCodec.decode(SharedEntryCodec.encode(new Generations(3, 0, 9), original));

        CachedResponse r = decoded.entry();
        assertEquals(new Generations(3, 0, 9), decoded.generations());
        assertEquals(203, r.status());
        assertEquals(original.body(), r.body());
        assertEquals("app-1", r.consumer());
        assertEquals(original.varyNames(), r.varyNames());
        assertEquals(original.varyValues(), r.varyValues());
        assertEquals(7, r.correctedInitialAgeSeconds());
        assertEquals(1_800_000_000_123L, r.responseTimeMillis());
        assertEquals(60, r.lifetimeSeconds());
        assertEquals(List.of("</a>", "</b>"), r.headers().getAll("Link"));
        assertEquals("wert ✓", r.headers().get("X-Ünïcode"));
        assertEquals("api-1", r.apiId());
        assertEquals("route-1", r.routeId());
        assertEquals(original.ageSeconds(1_800_000_010_123L), r.ageSeconds(1_800_000_010_123L));
        assertEquals(new CachedResponse.Stale(30, 86400, false), r.stale());
    }

    @Test
    void an_entry_of_format_1_from_a_node_not_yet_upgraded_is_read_and_never_served_stale() {
        Buffer current = SharedEntryCodec.encode(new Generations(1, 2, 3), entry());
        // Format 1 is format 2 without the stale windows (two longs and a byte) at its end.
        Buffer formatOne = current.getBuffer(0, current.length() - 17);
        formatOne.setInt(0, 1);

        CachedResponse r = SharedEntryCodec.decode(formatOne).entry();

        assertEquals(203, r.status());
        assertEquals("route-1", r.routeId());
        assertEquals(CachedResponse.Stale.FORBIDDEN, r.stale());
    }

    @Test
    void a_shared_entry_without_consumer_keeps_it_absent() {
        CachedResponse e = entry();
        CachedResponse shared = new CachedResponse(200, e.headers(), e.body(), null, List.of(), List.of(), 0, 1, 10,
                "api", "route", CachedResponse.Stale.FORBIDDEN);

        assertNull(SharedEntryCodec.decode(SharedEntryCodec.encode(new Generations(0, 0, 0), shared)).entry().consumer());
    }

    @Test
    void unknown_truncated_or_padded_bytes_are_no_entry() {
        Buffer good = SharedEntryCodec.encode(new Generations(1, 2, 3), entry());

        assertNull(SharedEntryCodec.decode(Buffer.buffer("not an entry at all")));
        assertNull(SharedEntryCodec.decode(good.getBuffer(0, good.length() - 1)));
        assertNull(SharedEntryCodec.decode(good.copy().appendByte((byte) 0)));
        Buffer otherFormat = good.copy();
        otherFormat.setInt(0, 99);
        assertNull(SharedEntryCodec.decode(otherFormat));
        assertNull(SharedEntryCodec.decode(Buffer.buffer()));
    }
}
