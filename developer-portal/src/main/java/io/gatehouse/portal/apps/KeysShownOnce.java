package io.gatehouse.portal.apps;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A new key on its way from the form post that issued it to the page that shows it
 * (post/redirect/get): kept in this portal process, under a random ticket that goes into the
 * redirect's address, for the session that issued it only, for {@link #TTL} at most, and handed out
 * once. A reload of the page finds nothing and says the key is no longer shown; a refresh can never
 * issue another key, because the refresh is a GET. Sessions are known by a hash of their token.
 */
@ApplicationScoped
public class KeysShownOnce {

    /** How long an issued key waits for its page; the redirect follows at once, so this is generous. */
    static final Duration TTL = Duration.ofMinutes(5);
    private static final int MAX_WAITING = 10_000;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    @Inject
    public KeysShownOnce() {
        this(Clock.systemUTC());
    }

    KeysShownOnce(Clock clock) {
        this.clock = clock;
    }

    /** What the new-key page shows: the key and its details, and after a rotation the previous key. */
    public record Shown(UUID applicationId, String key, ManagementApplications.Key details,
                        ManagementApplications.Key previous) {
    }

    private record Waiting(String session, Shown shown, Instant until) {
    }

    /** Keeps the key for the session's next GET and answers the ticket for its address. */
    public String keep(String sessionToken, Shown shown) {
        Instant now = clock.instant();
        if (waiting.size() >= MAX_WAITING) {
            waiting.values().removeIf(w -> !w.until().isAfter(now));
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        waiting.put(ticket, new Waiting(hash(sessionToken), shown, now.plus(TTL)));
        return ticket;
    }

    /** The key behind the ticket, once, to the session that issued it for that application; empty afterwards. */
    public Optional<Shown> take(String sessionToken, UUID applicationId, String ticket) {
        if (ticket == null) {
            return Optional.empty();
        }
        Waiting w = waiting.get(ticket);
        if (w == null || !w.session().equals(hash(sessionToken)) || !w.shown().applicationId().equals(applicationId)) {
            return Optional.empty();
        }
        if (!waiting.remove(ticket, w) || !w.until().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(w.shown());
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
