package io.gatehouse.portal.layout;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForPeopleTest {

    private static final Instant WITH_NANOS = Instant.parse("2026-12-06T03:55:41.123456789Z");

    @Test
    void an_instant_reads_to_the_minute_in_utc_without_nanoseconds() {
        assertEquals("2026-12-06 03:55 UTC", ForPeople.readable(WITH_NANOS));
    }

    @Test
    void the_exact_instant_is_kept_for_the_time_element() {
        assertEquals("2026-12-06T03:55:41.123456789Z", ForPeople.iso(WITH_NANOS));
    }

    @Test
    void a_day_reads_as_its_utc_date() {
        assertEquals("2026-12-06", ForPeople.day(WITH_NANOS));
    }

    @Test
    void counts_get_thousands_separators() {
        assertEquals("0", ForPeople.grouped(0));
        assertEquals("999", ForPeople.grouped(999));
        assertEquals("1,000", ForPeople.grouped(1000));
        assertEquals("1,234,567", ForPeople.grouped(1_234_567L));
        assertEquals("-12,345", ForPeople.grouped(-12_345));
    }
}
