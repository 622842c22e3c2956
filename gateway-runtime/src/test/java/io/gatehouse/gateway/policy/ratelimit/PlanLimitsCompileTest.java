package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.policy.ratelimit.Plans;
import io.gatehouse.gateway.policy.subscription.SubscriptionIndex;
import io.gatehouse.gateway.support.TestSnapshots;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans' limits as the gateway reads them from the snapshot: compiled once, checked once. */
class PlanLimitsCompileTest {

    private static CompiledConfig compile(String plans) {
        String json = """
                {"version": 3,
                 "apis": [{"id": "api-1", "routes": [{"id": "r1", "pathPrefix": "/a"}],
                           "targets": [{"id": "t1", "url": "http://127.0.0.1:1", "weight": 1}]}],
                 "plans": %s,
                 "subscriptions": [{"id": "s-good", "applicationId": "app", "planId": "p-good", "apiId": "api-1"},
                                   {"id": "s-bad", "applicationId": "app2", "planId": "p-bad", "apiId": "api-1"}]}
                """.formatted(plans);
        return TestSnapshots.compiler().compile(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void limits_compile_rates_first_with_the_plan_zone_subject_and_degraded_mode() {
        CompiledConfig c = compile("""
                [{"id": "p-good", "limitKey": "client-ip", "limitMode": "exact", "degradedMode": "fail-closed",
                  "timeZone": "Europe/Berlin",
                  "limits": [{"kind": "quota", "maxRequests": 100000, "timeUnit": "month"},
                             {"kind": "rate", "maxRequests": 100, "timeUnit": "minute"},
                             {"kind": "rate", "maxRequests": 10, "timeUnit": "second"}]}]""");
        PlanLimits p = c.part(Plans.PART).limits("p-good");
        assertEquals(PlanLimits.Subject.CLIENT_IP, p.subject());
        assertEquals(PlanLimits.Mode.EXACT, p.mode());
        assertEquals(PlanLimits.Degraded.FAIL_CLOSED, p.degraded());
        assertEquals(ZoneId.of("Europe/Berlin"), p.zone());
        assertEquals(List.of(LimitWindow.Unit.SECOND, LimitWindow.Unit.MINUTE, LimitWindow.Unit.MONTH),
                p.windows().stream().map(LimitWindow::unit).toList());
    }

    @Test
    void auto_mode_leases_only_when_every_window_allows_at_least_the_threshold() {
        assertEquals(PlanLimits.Mode.LEASED, PlanLimits.Mode.resolve("auto", List.of(
                new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.MINUTE, 10_000),
                new LimitWindow(LimitWindow.Kind.QUOTA, LimitWindow.Unit.MONTH, 1_000_000))));
        assertEquals(PlanLimits.Mode.EXACT, PlanLimits.Mode.resolve("auto", List.of(
                new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.SECOND, 10),
                new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.MINUTE, 10_000))));
        assertEquals(PlanLimits.Mode.EXACT, PlanLimits.Mode.resolve(null, List.of()));
        assertEquals(PlanLimits.Mode.LEASED, PlanLimits.Mode.resolve("leased", List.of()));
    }

    @Test
    void defaults_are_subscription_fail_open_utc() {
        PlanLimits p = compile("[{\"id\": \"p-good\", \"limits\": []}]").part(Plans.PART).limits("p-good");
        assertEquals(PlanLimits.Subject.SUBSCRIPTION, p.subject());
        assertEquals(PlanLimits.Degraded.FAIL_OPEN, p.degraded());
        assertEquals("Z", p.zone().getId());
        assertTrue(p.unlimited());
    }

    @Test
    void a_plan_that_cannot_be_read_never_runs_unlimited_its_subscriptions_are_dropped() {
        CompiledConfig c = compile("""
                [{"id": "p-good", "limits": []},
                 {"id": "p-bad", "timeZone": "Mars/Olympus", "limits": [{"kind": "rate", "maxRequests": 5, "timeUnit": "minute"}]}]""");
        assertNull(c.part(Plans.PART).limits("p-bad"));
        assertTrue(c.part(SubscriptionIndex.PART).find("app2", "api-1").isEmpty(), "no subscription under an unreadable plan");
        assertTrue(c.part(SubscriptionIndex.PART).find("app", "api-1").isPresent());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("p-bad")), c.warnings().toString());
    }

    @Test
    void a_rate_cannot_be_per_month_nor_a_quota_per_second_nor_zero() {
        assertThrows(IllegalArgumentException.class,
                () -> new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.MONTH, 5));
        assertThrows(IllegalArgumentException.class,
                () -> new LimitWindow(LimitWindow.Kind.QUOTA, LimitWindow.Unit.SECOND, 5));
        assertThrows(IllegalArgumentException.class,
                () -> new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.SECOND, 0));
    }

    @Test
    void calendar_windows_follow_the_zone() {
        CalendarWindow month = CalendarWindow.of(LimitWindow.Unit.MONTH, ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-11-30T23:30:00Z"));
        assertEquals("2026-12", month.id());
        assertEquals(Instant.parse("2026-11-30T23:00:00Z"), month.start());
        assertEquals(Instant.parse("2026-12-31T23:00:00Z"), month.end());
        CalendarWindow day = CalendarWindow.of(LimitWindow.Unit.DAY, ZoneId.of("America/New_York"),
                Instant.parse("2026-03-08T12:00:00Z"));
        assertEquals("2026-03-08", day.id());
        assertEquals(23 * 3600, day.spanSeconds(), "the day clocks spring forward has 23 hours");
    }

    @Test
    void headers_name_every_window_and_the_tightest_in_the_x_headers() {
        LimitWindow minute = new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.MINUTE, 100);
        LimitWindow month = new LimitWindow(LimitWindow.Kind.QUOTA, LimitWindow.Unit.MONTH, 1000);
        LimitDecision d = LimitDecision.allowed(List.of(new WindowStatus(minute, 42, 17, 60),
                new WindowStatus(month, 7, 86_400, 2_592_000)), false);
        var h = RateLimitHeaders.of(d);
        assertEquals("\"minute\";q=100;w=60, \"month\";q=1000;w=2592000", h.get("RateLimit-Policy"));
        assertEquals("\"minute\";r=42;t=17, \"month\";r=7;t=86400", h.get("RateLimit"));
        assertEquals("1000", h.get("X-RateLimit-Limit"));
        assertEquals("7", h.get("X-RateLimit-Remaining"));
        assertEquals("86400", h.get("X-RateLimit-Reset"));
        assertEquals("2", RateLimitHeaders.retryAfter(1_001));
        assertEquals("1", RateLimitHeaders.retryAfter(0));
    }
}
