package io.gatehouse.portal.tryit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@link GatewaySettings#callsPerMinute()} try-it calls per session in any 60 seconds
 * (sliding window, in this portal process). Sessions are known by a hash of their token, so the
 * token itself is not kept here.
 */
@ApplicationScoped
public class TryItThrottle {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_SESSIONS = 10_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Deque<Instant>> calls = new ConcurrentHashMap<>();

    @Inject
    public TryItThrottle(GatewaySettings settings) {
        this(settings.callsPerMinute(), Clock.systemUTC());
    }

    TryItThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Counts a call of the session; false when it has used up its calls for now (the call is then not counted). */
    public boolean tryAcquire(String sessionToken) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        if (calls.size() > MAX_SESSIONS) {
            forgetIdle(since);
        }
        Deque<Instant> recent = calls.computeIfAbsent(hash(sessionToken), k -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(since)) {
                recent.pollFirst();
            }
            if (recent.size() >= limit) {
                return false;
            }
            recent.addLast(now);
            return true;
        }
    }

    private void forgetIdle(Instant since) {
        for (Iterator<Deque<Instant>> it = calls.values().iterator(); it.hasNext(); ) {
            Deque<Instant> d = it.next();
            synchronized (d) {
                if (d.isEmpty() || !d.peekLast().isAfter(since)) {
                    it.remove();
                }
            }
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
