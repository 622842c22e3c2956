package io.gatehouse.portal.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The server secret behind every CSRF token ({@code gatehouse.portal.csrf-key}, at least 32
 * characters). A token is {@code HMAC-SHA256(key, nonce, session)}: the nonce is the random value of
 * the CSRF cookie, the session is the session cookie's value (empty when signed out). Without the
 * key nobody can make a token, so a cookie and token pair chosen by an attacker is refused; and a
 * pair the attacker got from the portal for their own browser does not fit the victim's session.
 * Unset, a random key is made at start: fine for one portal process, but several nodes (or a
 * restart) then refuse each other's open forms.
 */
@ApplicationScoped
public class CsrfKey {

    private static final Logger LOG = Logger.getLogger(CsrfKey.class);
    static final int MIN_LENGTH = 32;

    private final SecretKeySpec key;

    @Inject
    public CsrfKey(@ConfigProperty(name = "gatehouse.portal.csrf-key") Optional<String> configured) {
        this(configured.filter(k -> !k.isBlank()).map(k -> {
            if (k.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("gatehouse.portal.csrf-key (GATEHOUSE_PORTAL_CSRF_KEY) must be at least "
                        + MIN_LENGTH + " characters; it is " + k.length());
            }
            return k.getBytes(StandardCharsets.UTF_8);
        }).orElseGet(CsrfKey::randomKey));
    }

    CsrfKey(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    private static byte[] randomKey() {
        LOG.info("gatehouse.portal.csrf-key is not set: CSRF tokens are signed with a random key of this process"
                + " (set it when several portal nodes serve one site)");
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The token that forms carry for this nonce and session. */
    public String token(String nonce, String session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update("gatehouse-csrf\n".getBytes(StandardCharsets.UTF_8));
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            mac.update(session.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the token is the one for this nonce and session (compared in constant time). */
    public boolean matches(String token, String nonce, String session) {
        return token != null && MessageDigest.isEqual(token(nonce, session).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
