package io.gatehouse.gateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's conditional request against a fresh stored answer: RFC 9110 §13.1.2 (If-None-Match, weak comparison
 * of §8.8.3.2), §13.1.3 (If-Modified-Since), §13.2.2 (order of evaluation), §15.4.5 (the 304's fields) and
 * RFC 9111 §4.3.2.
 */
class ConditionalTest {

    private static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    private static final String MODIFIED = "Sat, 05 Dec 2026 12:00:00 GMT";
    private static final String BEFORE = "Sat, 05 Dec 2026 11:59:59 GMT";
    private static final String AFTER = "Sat, 05 Dec 2026 12:00:01 GMT";

    private static MultiMap headers(String... pairs) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    private static CachedResponse stored(MultiMap headers) {
        return new CachedResponse(200, headers, Buffer.buffer("x"), null, List.of(), List.of(), 0, NOW, 60, "api",
                "route", CachedResponse.Stale.NONE);
    }

    private static boolean notModified(MultiMap request, MultiMap storedHeaders) {
        return Conditional.notModified(request, stored(storedHeaders), NOW);
    }

    @Test
    void matches_if_none_match_by_weak_comparison_either_side_weak_rfc9110_13_1_2() {
        assertTrue(notModified(headers("If-None-Match", "\"v1\""), headers("ETag", "\"v1\"")));
        assertTrue(notModified(headers("If-None-Match", "W/\"v1\""), headers("ETag", "\"v1\"")));
        assertTrue(notModified(headers("If-None-Match", "\"v1\""), headers("ETag", "W/\"v1\"")));
        assertFalse(notModified(headers("If-None-Match", "\"v2\""), headers("ETag", "\"v1\"")));
        assertFalse(notModified(headers("If-None-Match", "\"V1\""), headers("ETag", "\"v1\"")), "opaque-tags are case-sensitive");
    }

    @Test
    void matches_any_member_of_an_if_none_match_list_across_field_lines_rfc9110_13_1_2() {
        assertTrue(notModified(headers("If-None-Match", "\"a\", W/\"v1\" ,\"b\""), headers("ETag", "\"v1\"")));
        assertTrue(notModified(headers("If-None-Match", "\"a\"", "If-None-Match", "\"v1\""), headers("ETag", "\"v1\"")));
        assertTrue(notModified(headers("If-None-Match", "\"a,b\", \"v1\""), headers("ETag", "\"v1\"")));
    }

    @Test
    void matches_a_star_whenever_a_representation_is_stored_rfc9110_13_1_2() {
        assertTrue(notModified(headers("If-None-Match", "*"), headers()));
        assertTrue(notModified(headers("If-None-Match", "*"), headers("ETag", "\"v1\"")));
    }

    @Test
    void matches_nothing_with_a_malformed_list_or_a_stored_answer_without_etag_rfc9110_13_1_2() {
        assertFalse(notModified(headers("If-None-Match", "v1"), headers("ETag", "\"v1\"")));
        assertFalse(notModified(headers("If-None-Match", "\"v1"), headers("ETag", "\"v1\"")));
        assertFalse(notModified(headers("If-None-Match", "\"v1\""), headers()));
        assertFalse(notModified(headers("If-None-Match", "\"v1\""), headers("ETag", "v1")), "a malformed stored ETag");
    }

    @Test
    void answers_if_modified_since_not_earlier_than_last_modified_rfc9110_13_1_3() {
        assertTrue(notModified(headers("If-Modified-Since", MODIFIED), headers("Last-Modified", MODIFIED)));
        assertTrue(notModified(headers("If-Modified-Since", AFTER), headers("Last-Modified", MODIFIED)));
        assertFalse(notModified(headers("If-Modified-Since", BEFORE), headers("Last-Modified", MODIFIED)));
    }

    @Test
    void compares_if_modified_since_with_date_when_there_is_no_last_modified_rfc9111_4_3_2() {
        assertTrue(notModified(headers("If-Modified-Since", AFTER), headers("Date", MODIFIED)));
        assertFalse(notModified(headers("If-Modified-Since", BEFORE), headers("Date", MODIFIED)));
    }

    @Test
    void ignores_an_invalid_or_repeated_if_modified_since_rfc9110_13_1_3() {
        assertFalse(notModified(headers("If-Modified-Since", "yesterday"), headers("Last-Modified", MODIFIED)));
        assertFalse(notModified(headers("If-Modified-Since", AFTER, "If-Modified-Since", AFTER),
                headers("Last-Modified", MODIFIED)));
    }

    @Test
    void ignores_if_modified_since_when_if_none_match_is_present_rfc9110_13_2_2() {
        MultiMap stored = headers("ETag", "\"v1\"", "Last-Modified", MODIFIED);

        assertFalse(notModified(headers("If-None-Match", "\"v2\"", "If-Modified-Since", AFTER), stored));
        assertTrue(notModified(headers("If-None-Match", "\"v1\"", "If-Modified-Since", BEFORE), stored));
    }

    @Test
    void gives_the_304_the_fields_a_200_would_have_carried_and_no_content_metadata_rfc9110_15_4_5() {
        MultiMap stored = headers("ETag", "\"v1\"", "Cache-Control", "max-age=60", "Expires", AFTER, "Vary", "Accept",
                "Date", MODIFIED, "Content-Location", "/a", "Last-Modified", MODIFIED, "Content-Type", "text/plain",
                "Content-Length", "1");

        MultiMap answer = Conditional.notModifiedHeaders(stored(stored));

        assertEquals("\"v1\"", answer.get("ETag"));
        assertEquals("max-age=60", answer.get("Cache-Control"));
        assertEquals(AFTER, answer.get("Expires"));
        assertEquals("Accept", answer.get("Vary"));
        assertEquals(MODIFIED, answer.get("Date"));
        assertEquals("/a", answer.get("Content-Location"));
        assertNull(answer.get("Content-Type"));
        assertNull(answer.get("Content-Length"));
        assertNull(answer.get("Last-Modified"), "sent only when there is no ETag");
        assertEquals(MODIFIED, Conditional.notModifiedHeaders(stored(headers("Last-Modified", MODIFIED)))
                .get("Last-Modified"));
    }
}
