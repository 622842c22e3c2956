package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.problem.GatewayError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadCredentialThrottleTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T01:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BadCredentialThrottle throttle = new BadCredentialThrottle(20, Duration.ofSeconds(10), 1000, clock, registry);

    private double throttledCount() {
        return registry.get("gatehouse.bad.credentials.throttled").counter().count();
    }

    @Test
    void allows_twenty_bad_keys_in_the_window_and_throttles_the_twenty_first_with_the_seconds_left() {
        for (int i = 0; i < 20; i++) {
            assertFalse(throttle.recordFailure("203.0.113.7").throttled(), "bad key " + (i + 1));
        }
        clock.advance(Duration.ofMillis(3_500));

        BadCredentialThrottle.Verdict verdict = throttle.recordFailure("203.0.113.7");

        assertTrue(verdict.throttled());
        assertEquals(7, verdict.retryAfterSeconds(), "6.5 s left, rounded up");
        assertEquals(1.0, throttledCount());
    }

    @Test
    void counts_each_address_on_its_own() {
        for (int i = 0; i < 25; i++) {
            throttle.recordFailure("203.0.113.7");
        }
        assertFalse(throttle.recordFailure("198.51.100.1").throttled());
        assertTrue(throttle.recordFailure("203.0.113.7").throttled());
    }

    @Test
    void starts_a_fresh_budget_once_the_window_has_passed() {
        for (int i = 0; i < 21; i++) {
            throttle.recordFailure("203.0.113.7");
        }
        assertTrue(throttle.recordFailure("203.0.113.7").throttled());

        clock.advance(Duration.ofSeconds(10));

        assertFalse(throttle.recordFailure("203.0.113.7").throttled());
    }

    @Test
    void a_budget_of_zero_never_throttles_and_counts_nothing() {
        BadCredentialThrottle off = new BadCredentialThrottle(0, Duration.ofSeconds(10), 10, clock, registry);
        for (int i = 0; i < 1_000; i++) {
            assertFalse(off.recordFailure("203.0.113.7").throttled());
        }
        assertFalse(off.enabled());
        assertEquals(0, off.trackedAddresses());
    }

    @Test
    void tracks_no_more_addresses_than_its_bound() {
        BadCredentialThrottle small = new BadCredentialThrottle(5, Duration.ofSeconds(10), 100, clock, null);
        for (int i = 0; i < 5_000; i++) {
            small.recordFailure("10.0." + (i / 256) + "." + (i % 256));
        }
        assertTrue(small.trackedAddresses() <= 100, "tracked " + small.trackedAddresses());
    }

    @Test
    void forgets_an_address_a_window_after_its_last_bad_key() {
        throttle.recordFailure("203.0.113.7");
        assertEquals(1, throttle.trackedAddresses());

        clock.advance(Duration.ofSeconds(11));

        assertEquals(0, throttle.trackedAddresses());
    }

    @Test
    void refuses_settings_a_person_must_fix_with_the_key_named() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new BadCredentialThrottle(-1, Duration.ofSeconds(10), 10, clock, null));
        assertTrue(negative.getMessage().contains("gatehouse.gateway.bad-credentials.per-ip"));
        IllegalArgumentException zeroWindow = assertThrows(IllegalArgumentException.class,
                () -> new BadCredentialThrottle(20, Duration.ZERO, 10, clock, null));
        assertTrue(zeroWindow.getMessage().contains("gatehouse.gateway.bad-credentials.window"));
    }

    // The policy with a throttle: only bad keys are counted, and a valid key from a throttled address passes.

    private final ApiKeyHasher hasher = new ApiKeyHasher("pepper");
    private final CompiledConfig config = CompiledConfig.builder(1).part(KeyDirectory.PART,
            new SnapshotKeyDirectory(Map.of(hasher.hash("gh_valid"), new ApiKey("k1", "gh_valid", "app-1", null)))).build();
    private final ApiKeyPolicy policy = new ApiKeyPolicy(hasher, clock,
            new BadCredentialThrottle(2, Duration.ofSeconds(10), 100, clock, registry));

    private Outcome send(String key) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Api-Key", key);
        Exchange exchange = new Exchange("r", "GET", null, "/demo", headers, config);
        exchange.put(Exchange.CLIENT_IP, "203.0.113.7");
        return policy.onRequest(exchange).result();
    }

    @Test
    void the_policy_answers_429_with_retry_after_past_the_budget_and_still_lets_a_valid_key_through() {
        assertEquals(GatewayError.INVALID_CREDENTIALS, assertInstanceOf(Outcome.Respond.class, send("gh_bad1")).problem().error());
        assertEquals(GatewayError.INVALID_CREDENTIALS, assertInstanceOf(Outcome.Respond.class, send("gh_bad2")).problem().error());

        Outcome.Respond third = assertInstanceOf(Outcome.Respond.class, send("gh_bad3"));

        assertEquals(GatewayError.TOO_MANY_BAD_CREDENTIALS, third.problem().error());
        assertEquals(429, third.problem().status());
        assertEquals("10", third.problem().headers().get("Retry-After"));
        assertInstanceOf(Outcome.Continue.class, send("gh_valid"));
        assertEquals(GatewayError.TOO_MANY_BAD_CREDENTIALS, assertInstanceOf(Outcome.Respond.class, send("gh_bad4")).problem().error());
    }

    @Test
    void the_policy_does_not_count_requests_without_a_key() {
        for (int i = 0; i < 5; i++) {
            Exchange exchange = new Exchange("r", "GET", null, "/demo", MultiMap.caseInsensitiveMultiMap(), config);
            exchange.put(Exchange.CLIENT_IP, "203.0.113.7");
            assertEquals(GatewayError.MISSING_CREDENTIALS,
                    assertInstanceOf(Outcome.Respond.class, policy.onRequest(exchange).result()).problem().error());
        }
        assertEquals(GatewayError.INVALID_CREDENTIALS, assertInstanceOf(Outcome.Respond.class, send("gh_bad1")).problem().error());
    }
}
