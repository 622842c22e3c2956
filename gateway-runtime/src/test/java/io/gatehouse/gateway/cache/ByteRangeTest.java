package io.gatehouse.gateway.cache;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Byte ranges of a stored complete representation: RFC 9110 §14.1.2 (range-spec), §14.2 (Range), §14.4. */
class ByteRangeTest {

    @Test
    void resolves_a_closed_an_open_and_a_suffix_range_against_the_length_rfc9110_14_1_2() {
        assertEquals(new ByteRange(0, 499, 1000), ByteRange.parse("bytes=0-499", 1000));
        assertEquals(new ByteRange(500, 999, 1000), ByteRange.parse("bytes=500-", 1000));
        assertEquals(new ByteRange(900, 999, 1000), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 9, 10), ByteRange.parse("bytes=-100", 10), "a suffix longer than the body");
        assertEquals(new ByteRange(5, 9, 10), ByteRange.parse("bytes=5-100", 10), "last-pos past the end is clamped");
        assertEquals(new ByteRange(0, 0, 10), ByteRange.parse("Bytes = 0-0 ,", 10), "unit case, OWS, empty elements");
    }

    @Test
    void writes_content_range_as_first_last_slash_length_rfc9110_14_4() {
        assertEquals("bytes 0-499/1000", ByteRange.parse("bytes=0-499", 1000).contentRange());
        assertEquals(500, ByteRange.parse("bytes=0-499", 1000).size());
    }

    @Test
    void ignores_several_unsatisfiable_or_malformed_ranges_so_the_whole_answer_is_sent_rfc9110_14_2() {
        for (String range : List.of("bytes=0-1, 4-5", "bytes=1000-", "bytes=-0", "items=0-1", "bytes=5-2", "bytes=a-b",
                "bytes=", "bytes 0-1", "bytes=--1", "bytes=0-1-2")) {
            assertNull(ByteRange.parse(range, 1000), range);
        }
        assertNull(ByteRange.parse("bytes=0-1", 0), "an empty body has no satisfiable range");
    }
}
