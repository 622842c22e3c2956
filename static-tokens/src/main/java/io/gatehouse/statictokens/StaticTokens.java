package io.gatehouse.statictokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The static bearer tokens a service accepts beside OIDC, each standing for one principal with one role. A service
 * builds its table once at start, from its own config keys and with its own rules, and hands it to
 * {@link StaticTokenMechanism} through a CDI producer. Immutable and thread-safe.
 */
public final class StaticTokens {

    private static final String BEARER = "Bearer ";

    /** Who presents a token: the principal's name and its one role. */
    public record Holder(String principal, String role) {
    }

    private record Entry(Holder holder, byte[] secret) {
    }

    private final List<Entry> entries;

    private StaticTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The holder of the bearer token in an {@code Authorization} header value ({@code Bearer} in any case, the token
     * trimmed), if it is one of these tokens; empty for no header, another scheme or another token. The token is
     * compared in constant time with every entry; when two entries hold the same secret, the first declared wins.
     */
    public Optional<Holder> holderOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        Holder found = null;
        for (Entry e : entries) {
            // Every entry is compared, so the time taken does not tell which one matched.
            if (MessageDigest.isEqual(presented, e.secret()) && found == null) {
                found = e.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Declares the tokens in the order they win. */
    public static final class Builder {

        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /**
         * Accepts {@code secret}, exactly as given (the caller trims if its config rule says so), as {@code principal}
         * with {@code role}. A null or blank secret leaves this token off.
         */
        public Builder token(String principal, String role, String secret) {
            if (secret != null && !secret.isBlank()) {
                entries.add(new Entry(new Holder(principal, role), secret.getBytes(StandardCharsets.UTF_8)));
            }
            return this;
        }

        public StaticTokens build() {
            return new StaticTokens(entries);
        }
    }
}
