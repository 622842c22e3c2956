package io.gatehouse.gateway.upstream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetHealthTest {

    private static final long MS = 1_000_000L;
    private static final ResilienceSettings SETTINGS = new ResilienceSettings(null, 3, 1_000);
    private static final ResilienceSettings.HealthCheckSettings CHECK =
            new ResilienceSettings.HealthCheckSettings("/health", 100, 50, 2, 2);

    @Test
    void opens_after_the_threshold_of_consecutive_failures_and_not_before() {
        TargetHealth health = new TargetHealth();
        health.onFailure(0, SETTINGS);
        health.onFailure(0, SETTINGS);
        health.onSuccess();
        health.onFailure(0, SETTINGS);
        health.onFailure(0, SETTINGS);
        assertTrue(health.tryAcquire(0, SETTINGS), "a success in between resets the count");

        health.onFailure(0, SETTINGS);

        assertEquals(TargetHealth.State.OPEN, health.state());
        assertFalse(health.tryAcquire(999 * MS, SETTINGS));
        assertEquals(0, health.healthyGauge());
    }

    @Test
    void lets_exactly_one_probe_through_after_the_cool_down_and_closes_on_its_success() {
        TargetHealth health = open();

        assertTrue(health.tryAcquire(1_000 * MS, SETTINGS));
        assertEquals(TargetHealth.State.HALF_OPEN, health.state());
        assertFalse(health.tryAcquire(1_001 * MS, SETTINGS), "only one probe at a time");

        health.onSuccess();

        assertEquals(TargetHealth.State.CLOSED, health.state());
        assertTrue(health.tryAcquire(1_002 * MS, SETTINGS));
    }

    @Test
    void opens_again_for_a_full_cool_down_when_the_probe_fails() {
        TargetHealth health = open();
        health.tryAcquire(1_000 * MS, SETTINGS);

        health.onFailure(1_010 * MS, SETTINGS);

        assertEquals(TargetHealth.State.OPEN, health.state());
        assertFalse(health.tryAcquire(2_000 * MS, SETTINGS));
        assertTrue(health.tryAcquire(2_010 * MS, SETTINGS));
    }

    @Test
    void takes_a_target_out_after_failed_checks_and_back_after_passing_ones() {
        TargetHealth health = new TargetHealth();

        assertFalse(health.onCheck(false, CHECK));
        assertTrue(health.onCheck(false, CHECK));
        assertFalse(health.tryAcquire(0, SETTINGS));
        assertFalse(health.onCheck(true, CHECK));
        assertTrue(health.onCheck(true, CHECK));

        assertTrue(health.tryAcquire(0, SETTINGS));
    }

    private static TargetHealth open() {
        TargetHealth health = new TargetHealth();
        for (int i = 0; i < 3; i++) {
            health.onFailure(0, SETTINGS);
        }
        return health;
    }
}
