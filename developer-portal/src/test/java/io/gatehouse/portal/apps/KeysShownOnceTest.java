package io.gatehouse.portal.apps;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysShownOnceTest {

    private final UUID app = UUID.randomUUID();
    private final MovableClock clock = new MovableClock();
    private final KeysShownOnce keys = new KeysShownOnce(clock);
    private final KeysShownOnce.Shown shown = new KeysShownOnce.Shown(app, "gh_live_secret", null, null);

    @Test
    void the_key_is_handed_out_once_and_then_never_again() {
        String ticket = keys.keep("session-a", shown);
        assertEquals("gh_live_secret", keys.take("session-a", app, ticket).orElseThrow().key());
        assertTrue(keys.take("session-a", app, ticket).isEmpty(), "a reload finds nothing");
    }

    @Test
    void another_session_cannot_take_the_key_and_does_not_use_it_up() {
        String ticket = keys.keep("session-a", shown);
        assertTrue(keys.take("session-b", app, ticket).isEmpty());
        assertTrue(keys.take("session-a", app, ticket).isPresent(), "still there for the session that issued it");
    }

    @Test
    void the_ticket_only_works_under_its_own_application() {
        String ticket = keys.keep("session-a", shown);
        assertTrue(keys.take("session-a", UUID.randomUUID(), ticket).isEmpty());
        assertTrue(keys.take("session-a", app, ticket).isPresent());
    }

    @Test
    void a_key_not_fetched_within_its_time_is_gone() {
        String ticket = keys.keep("session-a", shown);
        clock.move(KeysShownOnce.TTL.plusSeconds(1));
        assertTrue(keys.take("session-a", app, ticket).isEmpty());
    }

    @Test
    void tickets_are_unguessable_and_unknown_ones_find_nothing() {
        String first = keys.keep("session-a", shown);
        String second = keys.keep("session-a", shown);
        assertNotEquals(first, second);
        assertTrue(first.length() >= 24, first);
        assertTrue(keys.take("session-a", app, "not-a-ticket").isEmpty());
        assertTrue(keys.take("session-a", app, null).isEmpty());
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T08:00:00Z");

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
