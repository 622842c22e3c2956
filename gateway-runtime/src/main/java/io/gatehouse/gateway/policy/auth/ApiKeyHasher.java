package io.gatehouse.gateway.policy.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Hashes API keys the way management stores them: lower-case hex of HMAC-SHA256 with the shared
 * pepper (UTF-8) as the MAC key and the API key (UTF-8) as the message.
 */
public final class ApiKeyHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec secret;
    // Mac is stateful and not thread-safe; one per event-loop thread avoids both locks and churn.
    private final ThreadLocal<Mac> macs;

    public ApiKeyHasher(String pepper) {
        if (pepper == null || pepper.isBlank()) {
            throw new IllegalArgumentException("the key pepper must not be blank");
        }
        this.secret = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String hash(String apiKey) {
        Mac mac = macs.get();
        return HexFormat.of().formatHex(mac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
