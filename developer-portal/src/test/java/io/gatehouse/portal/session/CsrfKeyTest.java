package io.gatehouse.portal.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsrfKeyTest {

    private static final String NONCE = "n".repeat(43);
    private final CsrfKey key = new CsrfKey("a server secret of more than 32 characters".getBytes(StandardCharsets.UTF_8));

    @Test
    void a_token_matches_the_nonce_and_session_it_was_made_for() {
        assertTrue(key.matches(key.token(NONCE, "gds_session_a"), NONCE, "gds_session_a"));
    }

    @Test
    void a_token_made_for_another_session_or_for_no_session_is_refused() {
        String signedOut = key.token(NONCE, "");
        assertFalse(key.matches(signedOut, NONCE, "gds_session_a"), "a pair minted signed out does not fit a session");
        assertFalse(key.matches(key.token(NONCE, "gds_session_b"), NONCE, "gds_session_a"));
        assertNotEquals(key.token(NONCE, "gds_session_a"), key.token(NONCE, "gds_session_b"));
    }

    @Test
    void a_token_for_another_nonce_is_refused() {
        assertFalse(key.matches(key.token("m".repeat(43), "s"), NONCE, "s"));
    }

    @Test
    void the_cookie_value_itself_or_a_guess_is_not_a_token() {
        assertFalse(key.matches(NONCE, NONCE, ""), "double submit of the cookie's own value is not enough");
        assertFalse(key.matches("", NONCE, ""));
        assertFalse(key.matches(null, NONCE, ""));
    }

    @Test
    void another_server_key_makes_other_tokens() {
        CsrfKey other = new CsrfKey("another server secret of 32 characters!!".getBytes(StandardCharsets.UTF_8));
        assertFalse(other.matches(key.token(NONCE, "s"), NONCE, "s"));
    }

    @Test
    void a_configured_key_shorter_than_32_characters_stops_the_start_with_a_message() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CsrfKey(Optional.of("too short")));
        assertTrue(e.getMessage().contains("at least 32 characters"), e.getMessage());
    }

    @Test
    void without_a_configured_key_each_process_makes_its_own() {
        CsrfKey a = new CsrfKey(Optional.empty());
        CsrfKey b = new CsrfKey(Optional.empty());
        assertEquals(a.token(NONCE, "s"), a.token(NONCE, "s"));
        assertNotEquals(a.token(NONCE, "s"), b.token(NONCE, "s"));
    }
}
