package io.gatehouse.management.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.gatehouse.management.keys.KeyView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A new key's plaintext between the console's POST that made it and the one page that shows it: a random ticket
 * names it for a few minutes, in this management instance's memory only, and the first view takes it out. The
 * plaintext is never written anywhere else (the database keeps its keyed hash), so a reload, another person, another
 * management instance behind a load balancer, or a restart finds nothing and the page says the key is no longer shown.
 */
@ApplicationScoped
public class KeyTickets {

    /** How long an unviewed ticket lives. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    /**
     * One new key waiting to be shown.
     *
     * @param subject    who made it: only they may see it
     * @param previous   after a rotation, the old key (which works until its {@code expiresAt}); else null
     */
    public record Ticket(String subject, String key, KeyView details, KeyView previous) {
        @Override
        public String toString() {
            return "Ticket[" + details + "]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cache<String, Ticket> tickets;

    @Inject
    public KeyTickets(Clock clock) {
        this(clock, LIFETIME);
    }

    KeyTickets(Clock clock, Duration lifetime) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.tickets = Caffeine.newBuilder().expireAfterWrite(lifetime).ticker(ticker).maximumSize(10_000).build();
    }

    /** Keeps the ticket and answers its name: 128 random bits, URL-safe. */
    public String put(Ticket ticket) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String name = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tickets.put(name, ticket);
        return name;
    }

    /** The ticket, once: taken out whoever asks; shown only to the person who made it. */
    public Optional<Ticket> take(String name, String subject) {
        Ticket t = name == null ? null : tickets.asMap().remove(name);
        return t != null && Objects.equals(t.subject(), subject) ? Optional.of(t) : Optional.empty();
    }
}
