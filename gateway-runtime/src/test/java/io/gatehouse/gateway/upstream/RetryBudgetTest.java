package io.gatehouse.gateway.upstream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryBudgetTest {

    @Test
    void allows_about_a_fifth_of_requests_as_retries_plus_the_floor() {
        AtomicLong now = new AtomicLong();
        RetryBudget budget = new RetryBudget(0.2, 3, now::get);
        int retries = 0;

        for (int i = 0; i < 1_000; i++) {
            budget.deposit();
            if (budget.tryRetry()) {
                retries++;
            }
        }

        assertTrue(retries >= 200 && retries <= 203, "retries: " + retries);
    }

    @Test
    void refills_the_floor_over_time_for_a_quiet_api() {
        AtomicLong now = new AtomicLong();
        RetryBudget budget = new RetryBudget(0.2, 3, now::get);
        int first = 0;
        while (budget.tryRetry()) {
            first++;
        }

        now.addAndGet(1_000_000_000L);
        int later = 0;
        while (budget.tryRetry()) {
            later++;
        }

        assertEquals(3, first);
        assertEquals(3, later);
    }
}
