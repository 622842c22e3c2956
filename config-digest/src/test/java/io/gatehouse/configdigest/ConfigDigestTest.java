package io.gatehouse.configdigest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDigestTest {

    private static String digest(String json) {
        return ConfigDigest.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ignores_member_order_entry_order_nulls_version_and_generation_time() {
        String a = "{\"version\":3,\"generatedAt\":\"2026-12-06T00:00:00Z\",\"keys\":["
                + "{\"id\":\"k1\",\"hash\":\"aa\",\"expiresAt\":null},{\"id\":\"k2\",\"hash\":\"bb\"}],\"apis\":[]}";
        String b = "{\"version\":9,\"apis\":[],\"plans\":[],\"keys\":["
                + "{\"hash\":\"bb\",\"id\":\"k2\"},{\"hash\":\"aa\",\"id\":\"k1\"}]}";
        assertEquals(digest(a), digest(b));
        assertTrue(digest(a).matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    void writes_a_number_by_its_value_whatever_its_json_spelling() {
        assertEquals(digest("{\"plans\":[{\"id\":\"p\",\"max\":100}]}"), digest("{\"plans\":[{\"id\":\"p\",\"max\":1.0E2}]}"));
    }

    @Test
    void changes_with_any_value_and_keeps_the_order_inside_an_entry() {
        String base = digest("{\"apis\":[{\"id\":\"a\",\"routes\":[{\"id\":\"r1\"},{\"id\":\"r2\"}]}]}");
        assertNotEquals(base, digest("{\"apis\":[{\"id\":\"a\",\"routes\":[{\"id\":\"r2\"},{\"id\":\"r1\"}]}]}"));
        assertNotEquals(base, digest("{\"apis\":[{\"id\":\"a\",\"routes\":[{\"id\":\"r1\"}]}]}"));
        assertNotEquals(digest("{\"keys\":[{\"id\":\"k\",\"hash\":\"aa\"}]}"), digest("{\"keys\":[{\"id\":\"k\",\"hash\":\"ab\"}]}"));
        assertNotEquals(digest("{\"keys\":[{\"id\":\"k\"}]}"), digest("{\"applications\":[{\"id\":\"k\"}]}"));
    }

    @Test
    void its_canonical_form_sorts_members_and_drops_nulls() throws Exception {
        assertEquals("{\"a\":[1,\"x\"],\"b\":true}",
                ConfigDigest.canonical(new ObjectMapper().readTree("{\"b\":true,\"c\":null,\"a\":[1,\"x\"]}")));
    }

    @Test
    void entries_given_one_at_a_time_in_id_order_digest_as_the_whole_snapshot_does() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String whole = "{\"version\":1,\"apis\":[{\"id\":\"a\"}],\"keys\":[{\"id\":\"k2\",\"hash\":\"bb\"},"
                + "{\"id\":\"k1\",\"hash\":\"aa\",\"expiresAt\":null}]}";
        ConfigDigest.Sorted sorted = new ConfigDigest.Sorted();
        sorted.collection("apis");
        sorted.entry(m.readTree("{\"id\":\"a\"}"));
        sorted.collection("keys");
        sorted.entry(m.readTree("{\"id\":\"k1\",\"hash\":\"aa\"}"));
        sorted.entry(m.readTree("{\"hash\":\"bb\",\"id\":\"k2\"}"));
        assertEquals(digest(whole), sorted.finish());
        assertEquals(digest("{}"), new ConfigDigest.Sorted().finish());
    }

    @Test
    void entries_given_one_at_a_time_out_of_order_are_refused() throws Exception {
        ObjectMapper m = new ObjectMapper();
        ConfigDigest.Sorted sorted = new ConfigDigest.Sorted();
        sorted.collection("keys");
        sorted.entry(m.readTree("{\"id\":\"k2\"}"));
        assertThrows(IllegalStateException.class, () -> sorted.entry(m.readTree("{\"id\":\"k1\"}")));
        assertThrows(IllegalStateException.class, () -> sorted.collection("apis"));
    }
}
