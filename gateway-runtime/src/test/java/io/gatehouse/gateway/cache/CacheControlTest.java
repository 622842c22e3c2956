package io.gatehouse.gateway.cache;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cache-Control (RFC 9111 §5.2, §4.2.1) and targeted fields (RFC 9213 §2.1, RFC 8941 §3.2). */
class CacheControlTest {

    @Test
    void reads_directives_across_field_lines_case_insensitively() {
        CacheControl cc = CacheControl.parse(List.of("Public, MAX-AGE=60", "s-maxage=\"120\", must-revalidate"));

        assertTrue(cc.isPublic());
        assertTrue(cc.mustRevalidate());
        assertEquals(60, cc.maxAge());
        assertEquals(120, cc.sMaxAge());
        assertFalse(cc.noStore());
    }

    @Test
    void treats_a_malformed_max_age_as_stale_and_a_huge_one_as_two_to_the_31_rfc9111_4_2_1_and_1_2_2() {
        assertEquals(0, CacheControl.parse(List.of("max-age=ten")).maxAge());
        assertEquals(0, CacheControl.parse(List.of("max-age")).maxAge());
        assertEquals(0, CacheControl.parse(List.of("max-age='3600'")).maxAge());
        assertEquals(0, CacheControl.parse(List.of("s-maxage=-5")).sMaxAge());
        assertEquals(0, CacheControl.parse(List.of("max-age=1.5")).maxAge());
        assertEquals(2_147_483_648L, CacheControl.parse(List.of("max-age=99999999999999")).maxAge());
    }

    @Test
    void accepts_the_quoted_form_of_max_age_as_recipients_ought_to_rfc9111_5_2() {
        assertEquals(3600, CacheControl.parse(List.of("max-age=\"3600\"")).maxAge());
    }

    @Test
    void treats_max_age_or_s_maxage_repeated_with_another_value_as_stale_rfc9111_4_2_1() {
        assertEquals(0, CacheControl.parse(List.of("max-age=1800, max-age=1")).maxAge());
        assertEquals(0, CacheControl.parse(List.of("max-age=1800", "max-age=3600")).maxAge());
        assertEquals(0, CacheControl.parse(List.of("s-maxage=10, s-maxage=20")).sMaxAge());
        assertEquals(1800, CacheControl.parse(List.of("max-age=1800", "max-age=1800")).maxAge());
    }

    @Test
    void ignores_directive_names_and_commas_inside_quoted_arguments_rfc9111_5_2() {
        assertEquals(1, CacheControl.parse(List.of("extension=\"max-age=100\", max-age=1")).maxAge());
        assertEquals(1, CacheControl.parse(List.of("max-age=1, extension=\"max-age=100\"")).maxAge());
        assertFalse(CacheControl.parse(List.of("extension=\"a, no-store\", max-age=5")).noStore());
    }

    @Test
    void reads_a_targeted_field_as_a_structured_dictionary_rfc9213_2_1() {
        CacheControl cc = CacheControl.parseTargeted(List.of("max-age=60, s-maxage=30;x=1, public", "must-revalidate"));

        assertEquals(60, cc.maxAge());
        assertEquals(30, cc.sMaxAge());
        assertTrue(cc.isPublic());
        assertTrue(cc.mustRevalidate());
        assertTrue(CacheControl.parseTargeted(List.of("no-store")).noStore());
        assertEquals(20, CacheControl.parseTargeted(List.of("max-age=10, max-age=20")).maxAge(), "last value wins");
    }

    @Test
    void counts_a_targeted_max_age_that_is_not_a_non_negative_integer_as_stale_rfc9213_2_1() {
        assertEquals(0, CacheControl.parseTargeted(List.of("max-age=\"60\"")).maxAge());
        assertEquals(0, CacheControl.parseTargeted(List.of("max-age=-1")).maxAge());
        assertEquals(0, CacheControl.parseTargeted(List.of("max-age=1.5")).maxAge());
        assertEquals(0, CacheControl.parseTargeted(List.of("max-age=abc")).maxAge());
    }

    @Test
    void rejects_a_targeted_field_that_is_not_a_valid_dictionary_rfc9213_2_1() {
        for (String invalid : List.of("", "Max-Age=60", "max-age=60,", "max-age=60 public", "max-age=\"60",
                ", max-age=60", "max-age=")) {
            assertNull(CacheControl.parseTargeted(List.of(invalid)), invalid);
        }
    }

    @Test
    void reads_no_store_no_cache_and_private_even_when_qualified() {
        CacheControl cc = CacheControl.parse(List.of("no-cache=\"Set-Cookie\", private=\"X-User\", no-store"));

        assertTrue(cc.noCache());
        assertTrue(cc.isPrivate());
        assertTrue(cc.noStore());
    }

    @Test
    void reads_stale_while_revalidate_and_stale_if_error_as_delta_seconds_rfc5861_3_and_4() {
        CacheControl cc = CacheControl.parse(List.of("max-age=60, stale-while-revalidate=30", "stale-if-error=\"86400\""));

        assertEquals(30, cc.staleWhileRevalidate());
        assertEquals(86400, cc.staleIfError());
        assertEquals(-1, CacheControl.parse(List.of("max-age=60")).staleWhileRevalidate(), "absent");
        assertEquals(0, CacheControl.parse(List.of("stale-while-revalidate")).staleWhileRevalidate(), "no value: none");
        assertEquals(0, CacheControl.parse(List.of("stale-if-error=ten")).staleIfError(), "not digits: none");
        assertEquals(0, CacheControl.parse(List.of("stale-if-error=10, stale-if-error=20")).staleIfError(),
                "conflicting: none");
    }

    @Test
    void reads_the_request_directives_max_stale_min_fresh_and_only_if_cached_rfc9111_5_2_1() {
        assertEquals(CacheControl.ANY_STALENESS, CacheControl.parse(List.of("max-stale")).maxStale(),
                "§5.2.1.2: without a value, any staleness");
        assertEquals(5, CacheControl.parse(List.of("max-stale=5")).maxStale());
        assertEquals(-1, CacheControl.parse(List.of("max-age=5")).maxStale());
        assertEquals(20, CacheControl.parse(List.of("min-fresh=20")).minFresh());
        assertTrue(CacheControl.parse(List.of("only-if-cached")).onlyIfCached());
    }

    @Test
    void reads_stale_windows_from_a_targeted_field_rfc9213_2_1() {
        CacheControl cc = CacheControl.parseTargeted(List.of("max-age=60, stale-while-revalidate=15, stale-if-error=600"));

        assertEquals(15, cc.staleWhileRevalidate());
        assertEquals(600, cc.staleIfError());
        assertEquals(0, CacheControl.parseTargeted(List.of("max-age=60, stale-if-error=-1")).staleIfError());
    }
}
