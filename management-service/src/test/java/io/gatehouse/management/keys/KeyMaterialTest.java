package io.gatehouse.management.keys;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyMaterialTest {

    @Test
    void a_key_is_gh_and_forty_base62_characters_with_its_prefix_and_last_four() {
        KeyMaterial k = KeyMaterial.generate();
        assertTrue(k.key().matches("gh_[0-9A-Za-z]{40}"), k.key());
        assertEquals(k.key().substring(0, 10), k.prefix());
        assertEquals(k.key().substring(39), k.lastFour());
    }

    @Test
    void keys_do_not_repeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(KeyMaterial.generate().key()));
        }
    }

    @Test
    void the_key_never_shows_in_to_string() {
        KeyMaterial k = KeyMaterial.generate();
        assertFalse(k.toString().contains(k.key()));
    }

    @Test
    void the_hash_is_hmac_sha256_of_the_key_under_the_pepper() {
        KeyHasher a = new KeyHasher("a".repeat(32));
        KeyHasher b = new KeyHasher("b".repeat(32));
        String key = "gh_" + "x".repeat(40);
        assertEquals(a.hash(key), a.hash(key));
        assertNotEquals(a.hash(key), b.hash(key));
        // Computed independently: python3 -c "import hmac,hashlib;print(hmac.new(b'pepper-'+b'0'*25, b'gh_'+b'x'*40, hashlib.sha256).hexdigest())"
        assertEquals("c6451944a37b26ed9ff9fb9762384223a346ded4aedd0c044e2f4e71d64e359e", new KeyHasher("pepper-" + "0".repeat(25)).hash(key));
    }

    @Test
    void refuses_a_short_pepper() {
        assertThrows(IllegalStateException.class, () -> new KeyHasher("short"));
    }
}
