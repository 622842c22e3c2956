package io.gatehouse.gateway.policy.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiKeyHasherTest {

    @Test
    void hashes_as_lowercase_hex_hmac_sha256_with_the_pepper_as_key() {
        // RFC 4231-style well-known vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        assertEquals("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                new ApiKeyHasher("key").hash("The quick brown fox jumps over the lazy dog"));
    }

    @Test
    void a_different_pepper_gives_a_different_hash() {
        assertNotEquals(new ApiKeyHasher("a").hash("gh_key"), new ApiKeyHasher("b").hash("gh_key"));
    }

    @Test
    void refuses_a_blank_pepper() {
        assertThrows(IllegalArgumentException.class, () -> new ApiKeyHasher(" "));
    }
}
