package io.gatehouse.management.console;

import io.gatehouse.management.keys.KeyStatus;
import io.gatehouse.management.keys.KeyView;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyTicketsTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-05T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
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

    private static KeyTickets.Ticket ticket(String subject) {
        KeyView details = new KeyView(UUID.randomUUID(), UUID.randomUUID(), "default", "gh_Ab3dEf9", "wxyz",
                KeyStatus.ACTIVE, Instant.EPOCH, null, null, null, null, null);
        return new KeyTickets.Ticket(subject, "gh_secret", details, null);
    }

    @Test
    void shows_a_ticket_once_to_the_person_who_made_it() {
        KeyTickets tickets = new KeyTickets(new MovableClock(), Duration.ofMinutes(5));
        String name = tickets.put(ticket("alice"));
        assertEquals("gh_secret", tickets.take(name, "alice").orElseThrow().key());
        assertTrue(tickets.take(name, "alice").isEmpty());
    }

    @Test
    void another_person_gets_nothing_and_the_ticket_is_gone_for_its_maker_too() {
        KeyTickets tickets = new KeyTickets(new MovableClock(), Duration.ofMinutes(5));
        String name = tickets.put(ticket("alice"));
        assertTrue(tickets.take(name, "mallory").isEmpty());
        assertTrue(tickets.take(name, "alice").isEmpty());
    }

    @Test
    void an_unviewed_ticket_expires_after_its_lifetime() {
        MovableClock clock = new MovableClock();
        KeyTickets tickets = new KeyTickets(clock, Duration.ofMinutes(5));
        String kept = tickets.put(ticket("alice"));
        String late = tickets.put(ticket("alice"));
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertTrue(tickets.take(kept, "alice").isPresent());
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertTrue(tickets.take(late, "alice").isEmpty());
    }

    @Test
    void ticket_names_are_long_random_and_url_safe_and_never_print_the_key() {
        KeyTickets tickets = new KeyTickets(new MovableClock(), Duration.ofMinutes(5));
        String a = tickets.put(ticket("alice"));
        String b = tickets.put(ticket("alice"));
        assertNotEquals(a, b);
        assertTrue(a.matches("[A-Za-z0-9_-]{22}"), a);
        assertFalse(ticket("alice").toString().contains("gh_secret"));
        assertTrue(tickets.take(null, "alice").isEmpty());
    }
}
