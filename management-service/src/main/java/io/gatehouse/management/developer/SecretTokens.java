package io.gatehouse.management.developer;

import io.gatehouse.management.keys.KeyHasher;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bearer secrets handed to partners (session tokens, mailed links) and the keyed hash under
 * which they are stored. Each kind has its own prefix, which also separates their hashes.
 */
@ApplicationScoped
public class SecretTokens {

    /** Session tokens: the portal keeps one in its cookie. */
    public static final String SESSION = "gds_";
    /** Mailed single-use tokens (verification, reset). */
    public static final String MAILED = "gdt_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyHasher hasher;

    public SecretTokens(KeyHasher hasher) {
        this.hasher = hasher;
    }

    /** A new token: the prefix and 32 random bytes, base64url. */
    public String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** hex(HMAC-SHA256(pepper, token)): what the database holds instead of the token. */
    public String hash(String token) {
        return hasher.hash("developer:" + token);
    }
}
