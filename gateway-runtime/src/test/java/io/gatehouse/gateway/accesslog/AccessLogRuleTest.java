package io.gatehouse.gateway.accesslog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogRuleTest {

    @Test
    void logs_every_request_by_default() {
        assertSame(AccessLogRule.ALL, AccessLogRule.of(null, null));
        assertSame(AccessLogRule.ALL, AccessLogRule.of(true, 1.0));
        for (int i = 0; i < 1_000; i++) {
            assertTrue(AccessLogRule.ALL.keeps(200));
        }
    }

    @Test
    void switched_off_writes_no_line_not_even_for_an_error() {
        AccessLogRule off = AccessLogRule.of(false, null);

        assertFalse(off.keeps(200, 0.0));
        assertFalse(off.keeps(502, 0.0));
        assertFalse(off.keeps(500));
    }

    @Test
    void sampled_keeps_the_draws_below_its_rate_and_every_error() {
        AccessLogRule tenth = AccessLogRule.of(null, 0.1);

        assertTrue(tenth.keeps(200, 0.05));
        assertFalse(tenth.keeps(200, 0.1));
        assertFalse(tenth.keeps(404, 0.9));
        assertTrue(tenth.keeps(500, 0.9));
        assertTrue(tenth.keeps(503, 0.99));
    }

    @Test
    void a_rate_of_zero_keeps_only_errors() {
        AccessLogRule errorsOnly = AccessLogRule.of(true, 0.0);

        for (int i = 0; i < 1_000; i++) {
            assertFalse(errorsOnly.keeps(200));
            assertTrue(errorsOnly.keeps(504));
        }
    }

    @Test
    void a_rate_keeps_about_its_share_of_requests() {
        AccessLogRule quarter = AccessLogRule.of(true, 0.25);
        int kept = 0;
        for (int i = 0; i < 100_000; i++) {
            kept += quarter.keeps(200) ? 1 : 0;
        }
        assertTrue(kept > 23_000 && kept < 27_000, kept + " of 100000 kept");
    }

    @Test
    void refuses_a_rate_outside_zero_to_one() {
        assertThrows(IllegalArgumentException.class, () -> AccessLogRule.of(true, 1.01));
        assertThrows(IllegalArgumentException.class, () -> AccessLogRule.of(true, -0.1));
        assertThrows(IllegalArgumentException.class, () -> AccessLogRule.of(true, Double.NaN));
    }
}
