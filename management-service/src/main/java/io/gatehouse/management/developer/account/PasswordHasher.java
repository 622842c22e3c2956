package io.gatehouse.management.developer.account;

import jakarta.enterprise.context.ApplicationScoped;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Partner passwords, hashed with Argon2id (Spring Security Crypto's encoder over BouncyCastle:
 * pure Java, no native library). Parameters follow the OWASP minimum: 19 MiB, 2 passes, 1 lane.
 * The encoded form carries its parameters, so raising them later still verifies old hashes.
 */
@ApplicationScoped
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    /** Verified against when the account does not exist, so unknown emails take as long as known ones. */
    private final String decoy = encoder.encode("decoy password that matches nothing");

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** @param hash the stored hash, or null for an unknown account (still costs one verification) */
    public boolean matches(String password, String hash) {
        boolean ok = encoder.matches(password, hash == null ? decoy : hash);
        return ok && hash != null;
    }
}
