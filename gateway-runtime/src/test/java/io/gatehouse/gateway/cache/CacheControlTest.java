package io.gatehouse.gateway.cache;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void treats_a_malformed_age_as_absent_and_a_huge_one_as_two_to_the_31() {
        assertEquals(-1, CacheControl.parse(List.of("max-age=ten")).maxAge());
        assertEquals(2_147_483_648L, CacheControl.parse(List.of("max-age=99999999999999")).maxAge());
    }

    @Test
    void reads_no_store_no_cache_and_private_even_when_qualified() {
        CacheControl cc = CacheControl.parse(List.of("no-cache=\"Set-Cookie\", private=\"X-User\", no-store"));

        assertTrue(cc.noCache());
        assertTrue(cc.isPrivate());
        assertTrue(cc.noStore());
    }
}
