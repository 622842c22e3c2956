package io.gatehouse.portal.tryit;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TryItThrottleTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_session_gets_its_calls_per_minute_and_more_as_the_window_slides() {
        MovableClock clock = new MovableClock();
        TryItThrottle throttle = new TryItThrottle(3, clock);
        assertTrue(throttle.tryAcquire("gds_a"));
        clock.now = clock.now.plusSeconds(20);
        assertTrue(throttle.tryAcquire("gds_a"));
        assertTrue(throttle.tryAcquire("gds_a"));
        assertFalse(throttle.tryAcquire("gds_a"), "the fourth within a minute");
        assertTrue(throttle.tryAcquire("gds_b"), "another session has its own calls");
        clock.now = clock.now.plus(Duration.ofSeconds(40));
        assertTrue(throttle.tryAcquire("gds_a"), "the first call left the window");
        assertFalse(throttle.tryAcquire("gds_a"));
    }
}
