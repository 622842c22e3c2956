package io.gatehouse.management.keys;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The keyed hash under which keys are stored: hex(HMAC-SHA256(pepper, key)). The pepper
 * ({@code GATEHOUSE_KEY_PEPPER}) lives only in configuration, shared with gateways, so a copy of
 * the database alone cannot be used to test guesses. Keys carry ~238 random bits, so a fast
 * keyed hash is enough; a slow password hash would only slow the gateway.
 */
@ApplicationScoped
public class KeyHasher {

    private final SecretKeySpec pepper;

    public KeyHasher(@ConfigProperty(name = "gatehouse.key-pepper") String pepper) {
        if (pepper.length() < 32) {
            throw new IllegalStateException("gatehouse.key-pepper (GATEHOUSE_KEY_PEPPER) must have at least 32 characters");
        }
        this.pepper = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
