package io.gatehouse.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveConfigTest {

    @Test
    void swaps_in_only_newer_versions_and_keeps_the_captured_one_unchanged() {
        ActiveConfig active = new ActiveConfig();
        assertNull(active.current());
        CompiledConfig v2 = CompiledConfig.empty(2);

        assertTrue(active.applyIfNewer(v2, Instant.EPOCH));
        CompiledConfig captured = active.current();
        assertFalse(active.applyIfNewer(CompiledConfig.empty(1), Instant.EPOCH));
        assertFalse(active.applyIfNewer(CompiledConfig.empty(2), Instant.EPOCH));
        assertTrue(active.applyIfNewer(CompiledConfig.empty(3), Instant.EPOCH));

        assertSame(v2, captured);
        assertEquals(3, active.version());
    }
}
