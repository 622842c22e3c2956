package io.gatehouse.gateway.cache;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP-date as RFC 9110 §5.6.7 defines it, and the invalid forms RFC 9111 §5.3 reads as "already expired". */
class HttpDateTest {

    private static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    private static final long NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z").toEpochMilli();

    private static long parse(String value) {
        return HttpDate.parse(value, NOW);
    }

    @Test
    void reads_an_imf_fixdate_rfc9110_5_6_7() {
        assertEquals(NOV_6_1994, parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(Instant.parse("2050-08-18T02:01:18Z").toEpochMilli(), parse("Thu, 18 Aug 2050 02:01:18 GMT"));
    }

    @Test
    void reads_the_obsolete_rfc850_and_asctime_forms_that_recipients_must_accept_rfc9110_5_6_7() {
        assertEquals(NOV_6_1994, parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(NOV_6_1994, parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(Instant.parse("1994-11-16T08:49:37Z").toEpochMilli(), parse("Wed Nov 16 08:49:37 1994"));
    }

    @Test
    void reads_a_two_digit_rfc850_year_more_than_fifty_years_ahead_as_the_past_century_rfc9110_5_6_7() {
        assertEquals(Instant.parse("2050-08-18T02:01:18Z").toEpochMilli(), parse("Thursday, 18-Aug-50 02:01:18 GMT"));
        assertEquals(Instant.parse("1977-08-18T02:01:18Z").toEpochMilli(), parse("Thursday, 18-Aug-77 02:01:18 GMT"));
    }

    @Test
    void rejects_every_malformed_date_the_rfc_grammar_does_not_allow_rfc9110_5_6_7() {
        for (String invalid : List.of(
                "0",
                "",
                "Thu, 18 Aug 50 02:01:18 GMT",        // 2-digit year outside rfc850-date
                "Thu 18 Aug 2050 02:01:18 GMT",       // missing comma
                "Thu,  18 Aug 2050 02:01:18 GMT",     // extra space
                "Thu, 18 Aug 2050  02:01:18 GMT",     // extra space
                "Thu, 18-Aug-2050 02:01:18 GMT",      // dashes in an IMF-fixdate
                "Thu, 18 Aug 2050 2:01:18 GMT",       // 1-digit hour
                "Thu, 18 Aug 2050 02.01.18 GMT",      // time separated by periods
                "Thu, 18 Aug 2050 02:01:18 AEST",     // a zone other than GMT
                "Thu, 18 Aug 2050 02:01:18 UTC",
                "Thu, 18 Aug 2050 02:01:18 +0000",
                "thu, 18 aug 2050 02:01:18 GMT",      // HTTP-date is case-sensitive
                "THU, 18 AUG 2050 02:01:18 GMT",
                "Thu, 31 Feb 2050 02:01:18 GMT",      // no such day
                "Thu, 18 Aug 2050 24:01:18 GMT",
                "Thursday, 18-Aug-2050 02:01:18 GMT", // rfc850-date has a 2-digit year
                "Thu Aug 18 02:01:18 2050 GMT",
                "2050-08-18T02:01:18Z")) {
            assertEquals(HttpDate.INVALID, parse(invalid), invalid);
        }
    }

    @Test
    void treats_a_singleton_date_field_sent_twice_as_invalid_rfc9111_4_2_1() {
        String date = "Sun, 06 Nov 1994 08:49:37 GMT";

        assertEquals(NOV_6_1994, HttpDate.parseSingleton(List.of(date), NOW));
        assertEquals(HttpDate.INVALID, HttpDate.parseSingleton(List.of(date, date), NOW));
        assertEquals(HttpDate.INVALID, HttpDate.parseSingleton(List.of(), NOW));
    }
}
