package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.problem.GatewayError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageOutcomeTest {

    @Test
    void an_upstream_answer_is_forwarded_whatever_its_status() {
        assertEquals(UsageOutcome.FORWARDED, UsageOutcome.of(RequestMetrics.PROXIED, 200));
        assertEquals(UsageOutcome.FORWARDED, UsageOutcome.of(RequestMetrics.PROXIED, 500));
    }

    @Test
    void policy_answers_below_500_are_denials() {
        for (GatewayError error : GatewayError.values()) {
            if (error.status() < 500) {
                assertEquals(UsageOutcome.DENIED, UsageOutcome.of(error.slug(), error.status()), error.slug());
            }
        }
    }

    @Test
    void gateway_made_502_and_504_are_upstream_errors_and_other_5xx_are_our_errors() {
        assertEquals(UsageOutcome.UPSTREAM_ERROR, UsageOutcome.of(GatewayError.UPSTREAM_UNAVAILABLE.slug(), 502));
        assertEquals(UsageOutcome.UPSTREAM_ERROR, UsageOutcome.of(GatewayError.UPSTREAM_TIMEOUT.slug(), 504));
        assertEquals(UsageOutcome.UPSTREAM_ERROR, UsageOutcome.of(GatewayError.UPSTREAM_FORBIDDEN.slug(), 502));
        assertEquals(UsageOutcome.ERROR, UsageOutcome.of(GatewayError.INTERNAL_ERROR.slug(), 500));
        assertEquals(UsageOutcome.ERROR, UsageOutcome.of(null, 200));
        assertEquals(UsageOutcome.DENIED, UsageOutcome.of(GatewayError.NOT_CACHED.slug(), 504),
                "only-if-cached without a stored answer: the client's choice");
    }

    @Test
    void wire_names_are_the_contract_values() {
        assertEquals("forwarded", UsageOutcome.FORWARDED.wireName());
        assertEquals("cache-hit", UsageOutcome.CACHE_HIT.wireName());
        assertEquals("denied", UsageOutcome.DENIED.wireName());
        assertEquals("upstream-error", UsageOutcome.UPSTREAM_ERROR.wireName());
        assertEquals("error", UsageOutcome.ERROR.wireName());
    }
}
