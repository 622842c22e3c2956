package io.gatehouse.management.plans;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PricePreviewTest {

    private static PricePreview.Tier tier(Long upTo, String price, int per) {
        return new PricePreview.Tier(upTo, new BigDecimal(price), per);
    }

    @Test
    void reads_included_requests_then_each_tier_with_totals_counted_from_the_first_request() {
        assertEquals("10,000 included, then €0.50 per 1,000 up to 100,000, then €0.30 per 1,000 beyond.",
                PricePreview.of("EUR", BigDecimal.ZERO, 10_000, OverageModel.TIERED,
                        List.of(tier(90_000L, "0.5", 1000), tier(null, "0.30", 1000))));
    }

    @Test
    void puts_the_flat_fee_first_and_keeps_a_price_smaller_than_a_cent() {
        assertEquals("$49.90 per period; $0.0025 per request.",
                PricePreview.of("USD", new BigDecimal("49.9"), 0, null, List.of(tier(null, "0.0025", 1))));
    }

    @Test
    void says_a_plan_without_fee_or_tiers_is_free() {
        assertEquals("Free: no fee and no charge per request.", PricePreview.of("EUR", null, 0, null, List.of()));
    }

    @Test
    void says_requests_beyond_the_included_ones_are_not_charged_without_tiers() {
        assertEquals("€10.00 per period; 5,000 requests included; more are not charged.",
                PricePreview.of("EUR", BigDecimal.TEN, 5_000, OverageModel.TIERED, List.of()));
    }

    @Test
    void says_requests_beyond_a_bounded_last_tier_are_not_charged() {
        assertEquals("€1.00 per 1,000 up to 2,000; requests beyond are not charged.",
                PricePreview.of("EUR", BigDecimal.ZERO, 0, OverageModel.TIERED, List.of(tier(2_000L, "1", 1000))));
    }

    @Test
    void explains_that_volume_pricing_charges_every_request_at_the_tier_the_total_reaches() {
        assertEquals("1,000 included, then every request beyond is charged at one price, by the total reached: "
                        + "CHF 0.40 per 1,000 up to 11,000, CHF 0.20 per 1,000 beyond.",
                PricePreview.of("CHF", null, 1_000, OverageModel.VOLUME,
                        List.of(tier(10_000L, "0.40", 1000), tier(null, "0.2", 1000))));
    }
}
