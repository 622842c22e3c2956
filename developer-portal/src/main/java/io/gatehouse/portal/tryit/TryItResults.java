package io.gatehouse.portal.tryit;

import io.gatehouse.portal.catalog.CatalogApi;
import io.gatehouse.portal.docs.ApiDoc;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A try-it call's result on its way from the form post that sent it to the page that shows it
 * (post/redirect/get), so that reloading the result page shows it again instead of calling the
 * gateway again. Kept in this portal process under a random ticket, for the session that made the
 * call only, for {@link #TTL}; at most {@link #MAX_KEPT} results (each body is capped by
 * {@code max-response-bytes}), the oldest dropped first. The key is never part of it.
 */
@ApplicationScoped
public class TryItResults {

    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_KEPT = 200;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Kept> kept = new LinkedHashMap<>();

    @Inject
    public TryItResults() {
        this(Clock.systemUTC());
    }

    TryItResults(Clock clock) {
        this.clock = clock;
    }

    /** What the result page shows: the call as sent (without the key) and the answer, or why there is none. */
    public record Result(CatalogApi api, ApiDoc.Operation operation, TryItForm form, String baseUrl, TryItCall call,
                         RelayedResponse response, String failure) {
    }

    private record Kept(String session, Result result, Instant until) {
    }

    public synchronized String keep(String sessionToken, Result result) {
        Instant now = clock.instant();
        kept.values().removeIf(k -> !k.until().isAfter(now));
        for (Iterator<String> oldest = kept.keySet().iterator(); kept.size() >= MAX_KEPT && oldest.hasNext(); ) {
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        kept.put(ticket, new Kept(hash(sessionToken), result, now.plus(TTL)));
        return ticket;
    }

    /** The result behind the ticket, for the session that made the call, while it is kept. */
    public synchronized Optional<Result> find(String sessionToken, String ticket) {
        Kept k = ticket == null ? null : kept.get(ticket);
        if (k == null || !k.session().equals(hash(sessionToken)) || !k.until().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(k.result());
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
