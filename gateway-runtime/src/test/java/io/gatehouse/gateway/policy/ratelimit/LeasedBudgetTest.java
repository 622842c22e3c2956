package io.gatehouse.gateway.policy.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One node's leased slice, alone: how it is sized, spent, dropped and given back. No store, no clock but ours. */
class LeasedBudgetTest {

    private static final long MS = 1_000_000L;
    private static final RateLimiter.Settings SETTINGS = new RateLimiter.Settings(8, 200, 8, 250, 1_000, 100);
    private static final PlanLimits PLAN = new PlanLimits("gold", PlanLimits.Subject.SUBSCRIPTION,
            PlanLimits.Mode.LEASED, PlanLimits.Degraded.FAIL_OPEN, ZoneOffset.UTC,
            List.of(new LimitWindow(LimitWindow.Kind.RATE, LimitWindow.Unit.MINUTE, 100_000)));
    private static final LimitStore.StoreCall CALL = new LimitStore.StoreCall(List.of("ns:rl:{gold:subscription:s}:m"),
            PLAN.windows(), new long[]{60_000});

    private static LimitStore.Grant grant(long permits, long leaseMs, long remaining) {
        return new LimitStore.Grant(permits, 0, -1, leaseMs, new long[]{remaining}, new long[]{leaseMs});
    }

    @Test
    void the_first_slice_is_the_initial_one_and_a_slice_spent_within_the_horizon_doubles_the_next() {
        LeasedBudget b = new LeasedBudget();
        long now = 1_000 * MS;
        assertEquals(8, b.nextSlice(now, SETTINGS, PLAN));
        b.granted(now, CALL, grant(8, 60_000, 99_992));
        assertEquals(16, b.nextSlice(now + 100 * MS, SETTINGS, PLAN), "spent in 100 ms < 250 ms: doubles");
        b.granted(now + 100 * MS, CALL, grant(16, 60_000, 99_976));
        assertEquals(32, b.nextSlice(now + 200 * MS, SETTINGS, PLAN), "and doubles again");
        b.granted(now + 200 * MS, CALL, grant(32, 60_000, 99_944));
        assertEquals(16, b.nextSlice(now + 700 * MS, SETTINGS, PLAN), "spent in 500 ms > 250 ms: halves (not back to 8)");
    }

    @Test
    void a_slice_never_exceeds_the_maximum_nor_the_remaining_budget_divided_by_the_divisor_and_never_drops_below_one() {
        LeasedBudget b = new LeasedBudget();
        long now = 0;
        long slice = b.nextSlice(now, SETTINGS, PLAN);
        for (int i = 0; i < 10; i++) {
            b.granted(now, CALL, grant(slice, 60_000, 99_000));
            now += MS;
            slice = b.nextSlice(now, SETTINGS, PLAN);
        }
        assertEquals(200, slice, "doubling stops at maxSlice");
        b.granted(now, CALL, grant(slice, 60_000, 80));
        assertEquals(10, b.nextSlice(now + MS, SETTINGS, PLAN), "80 left / divisor 8");
        b.granted(now + MS, CALL, grant(10, 60_000, 3));
        assertEquals(1, b.nextSlice(now + 2 * MS, SETTINGS, PLAN), "near exhaustion the slice shrinks to one");
    }

    @Test
    void the_store_budget_left_at_the_grant_bounds_the_next_slice_only_while_that_lease_lasts() {
        LeasedBudget during = new LeasedBudget();
        during.nextSlice(0, SETTINGS, PLAN);
        during.granted(0, CALL, grant(8, 1_000, 3));
        assertEquals(1, during.nextSlice(100 * MS, SETTINGS, PLAN), "3 left / divisor 8, at least 1");

        LeasedBudget after = new LeasedBudget();
        after.nextSlice(0, SETTINGS, PLAN);
        after.granted(0, CALL, grant(8, 1_000, 3));
        assertEquals(4, after.nextSlice(2_000 * MS, SETTINGS, PLAN),
                "the lease ended: the plan's 100,000 bound it again, and the slow node halves 8");
    }

    @Test
    void permits_are_spent_one_by_one_until_the_slice_is_empty() {
        LeasedBudget b = new LeasedBudget();
        b.granted(0, CALL, grant(3, 60_000, 1_000));
        assertTrue(b.take(MS, CALL));
        assertTrue(b.take(MS, CALL));
        assertTrue(b.take(MS, CALL));
        assertFalse(b.take(MS, CALL), "three permits, three requests");
        assertEquals(0, b.permits());
    }

    @Test
    void a_slice_charged_to_a_window_that_ended_or_to_other_store_keys_is_dropped_not_spent() {
        LeasedBudget expired = new LeasedBudget();
        expired.granted(0, CALL, grant(5, 1_000, 1_000));
        assertTrue(expired.take(994 * MS, CALL));
        assertFalse(expired.take(997 * MS, CALL), "the lease ends 5 ms before the store said, for the travel time");
        assertEquals(0, expired.permits());

        LeasedBudget moved = new LeasedBudget();
        moved.granted(0, CALL, grant(5, 60_000, 1_000));
        LimitStore.StoreCall nextMonth = new LimitStore.StoreCall(List.of("ns:rl:{gold:subscription:s}:mo:2027-01"),
                PLAN.windows(), new long[]{60_000});
        assertFalse(moved.take(MS, nextMonth), "a new calendar window has new keys: the old slice must not be spent");
        assertEquals(0, moved.permits());
    }

    @Test
    void giving_back_returns_the_unspent_permits_once_and_starts_the_next_slice_from_the_initial_size() {
        LeasedBudget b = new LeasedBudget();
        assertEquals(8, b.nextSlice(0, SETTINGS, PLAN));
        b.granted(0, CALL, grant(8, 60_000, 1_000));
        b.take(MS, CALL);
        assertEquals(7, b.takeBack(2 * MS));
        assertEquals(0, b.takeBack(2 * MS), "nothing left the second time");
        assertEquals(8, b.nextSlice(3 * MS, SETTINGS, PLAN), "an idle node starts over (without giving back: 16)");
    }

    @Test
    void nothing_is_given_back_while_a_refill_is_under_way_or_after_the_lease_ended() {
        LeasedBudget refilling = new LeasedBudget();
        refilling.granted(0, CALL, grant(8, 60_000, 1_000));
        refilling.refill = io.vertx.core.Promise.<Void>promise().future();
        assertEquals(0, refilling.takeBack(MS));

        LeasedBudget ended = new LeasedBudget();
        ended.granted(0, CALL, grant(8, 1_000, 1_000));
        assertEquals(0, ended.takeBack(2_000 * MS));
    }
}
