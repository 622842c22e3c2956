package io.gatehouse.portal.plans;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PlanInWordsTest {

    private static PlanOffer.Price price(String currency, String fee, long included, String model, PlanOffer.Tier... tiers) {
        return new PlanOffer.Price(currency, fee, included, "month", model, List.of(tiers), List.of("2xx", "3xx"));
    }

    private static PlanOffer.Tier tier(Long upTo, String unitPrice, int perUnits) {
        return new PlanOffer.Tier(upTo, unitPrice, perUnits);
    }

    private static PlanOffer.Limit limit(String kind, long max, String unit) {
        return new PlanOffer.Limit(kind, max, unit, null, null);
    }

    @Test
    void reads_the_fee_the_included_requests_and_each_tier_with_totals_counted_from_the_first_request() {
        assertEquals("€9.90 / month, includes 10,000 requests, then €0.50 per 1,000 requests up to 100,000, "
                        + "then €0.30 per 1,000 requests beyond",
                PlanInWords.price(price("EUR", "9.90", 10_000, "tiered",
                        tier(90_000L, "0.50", 1000), tier(null, "0.30", 1000))));
    }

    @Test
    void says_free_when_there_is_neither_a_fee_nor_a_charge_per_request() {
        assertEquals("Free", PlanInWords.price(price("EUR", "0.00", 0, "tiered")));
        assertEquals("Free", PlanInWords.price(price("EUR", "0", 5_000, "tiered", tier(null, "0", 1000))));
    }

    @Test
    void a_plan_charged_only_per_request_says_it_has_no_monthly_fee() {
        assertEquals("No monthly fee, $0.0025 per request",
                PlanInWords.price(price("USD", "0", 0, "tiered", tier(null, "0.0025", 1))));
    }

    @Test
    void a_fee_without_tiers_says_requests_beyond_the_included_ones_cost_nothing_more() {
        assertEquals("€49.00 / month, includes 1,000,000 requests, no charge beyond",
                PlanInWords.price(price("EUR", "49", 1_000_000, "tiered")));
    }

    @Test
    void a_bounded_last_tier_says_where_charging_stops() {
        assertEquals("£5.00 / month, £0.10 per 100 requests up to 5,000, no charge beyond 5,000",
                PlanInWords.price(price("GBP", "5", 0, "tiered", tier(5_000L, "0.10", 100))));
    }

    @Test
    void volume_pricing_is_said_as_one_price_set_by_the_months_total() {
        assertEquals("€9.90 / month, includes 10,000 requests, then every request beyond them at one price set by "
                        + "the month's total: €0.50 per 1,000 requests up to 100,000; €0.30 per 1,000 requests beyond",
                PlanInWords.price(price("EUR", "9.90", 10_000, "volume",
                        tier(90_000L, "0.50", 1000), tier(null, "0.30", 1000))));
    }

    @Test
    void amounts_are_exact_grouped_and_keep_the_currencys_minor_units() {
        assertEquals("¥1,200", PlanInWords.money("JPY", new BigDecimal("1200")));
        assertEquals("€1,234,567.80", PlanInWords.money("EUR", new BigDecimal("1234567.8")));
        assertEquals("€0.000001", PlanInWords.money("EUR", new BigDecimal("0.000001")));
        assertEquals("CHF 12.50", PlanInWords.money("CHF", new BigDecimal("12.5000")));
        assertEquals("€0.10", PlanInWords.money("EUR", new BigDecimal("0.1")));
    }

    @Test
    void reads_rates_before_quotas_and_the_shortest_window_first() {
        assertEquals("100 requests per minute, 1,000 per day, 100,000 per month", PlanInWords.limits(List.of(
                limit("quota", 100_000, "month"), limit("quota", 1_000, "day"), limit("rate", 100, "minute"))));
        assertEquals("No rate limit or quota", PlanInWords.limits(List.of()));
    }

    @Test
    void says_which_responses_count_only_when_requests_are_charged() {
        assertEquals("Only 2xx and 3xx responses count toward the price.",
                PlanInWords.counted(price("EUR", "0", 0, "tiered", tier(null, "0.01", 1))));
        assertNull(PlanInWords.counted(price("EUR", "9.90", 0, "tiered")));
    }
}
