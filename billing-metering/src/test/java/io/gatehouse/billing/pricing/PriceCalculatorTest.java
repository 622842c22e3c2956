package io.gatehouse.billing.pricing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every expected amount below was computed by hand; the comments show the arithmetic. */
class PriceCalculatorTest {

    static final Currency EUR = Currency.getInstance("EUR");

    /** 49.00 a month, 10,000 requests included, then 0.50 per 1,000 up to 50,000 overage, 0.20 per 1,000 above. */
    static PriceModel starter(OverageModel model) {
        return new PriceModel(EUR, new BigDecimal("49.00"), 10_000, model, List.of(
                new PriceTier(50_000L, new BigDecimal("0.50"), 1_000),
                new PriceTier(null, new BigDecimal("0.20"), 1_000)));
    }

    @Test
    void a_flat_fee_included_calls_and_two_tiers_add_up() {
        // 100,000 billable: 10,000 included, 90,000 overage = 50,000 × 0.50/1000 (25.00) + 40,000 × 0.20/1000 (8.00).
        PricedUsage priced = PriceCalculator.price(starter(OverageModel.TIERED), 100_000);

        assertEquals(List.of(InvoiceLine.Kind.FLAT_FEE, InvoiceLine.Kind.INCLUDED, InvoiceLine.Kind.TIER, InvoiceLine.Kind.TIER),
                priced.lines().stream().map(InvoiceLine::kind).toList());
        assertEquals(List.of(1L, 10_000L, 50_000L, 40_000L), priced.lines().stream().map(InvoiceLine::quantity).toList());
        assertEquals(List.of(new BigDecimal("49.0000"), new BigDecimal("0.0000"), new BigDecimal("25.0000"), new BigDecimal("8.0000")),
                priced.lines().stream().map(InvoiceLine::amount).toList());
        assertEquals(new BigDecimal("82.0000"), priced.subtotal());
        assertEquals(new BigDecimal("82.00"), priced.total());
    }

    @Test
    void a_line_is_described_in_words_a_person_reads_grouped_counts_and_prices_without_stored_zeros() {
        PriceModel model = new PriceModel(EUR, new BigDecimal("9.90"), 20_000, OverageModel.TIERED, List.of(
                new PriceTier(1_000_000L, new BigDecimal("2.500000"), 1_000),
                new PriceTier(null, new BigDecimal("1.333333"), 1_000)));

        List<String> words = PriceCalculator.price(model, 1_520_000).lines().stream().map(InvoiceLine::description).toList();

        assertEquals(List.of("Flat fee",
                "Included requests (20,000 of 20,000 used)",
                "Overage requests 1–1,000,000 (tier 1) at 2.50 per 1,000",
                "Overage requests above 1,000,000 (tier 2) at 1.333333 per 1,000"), words);
        assertEquals("All 1,500,000 overage requests at tier 2 at 1.333333 per 1,000",
                PriceCalculator.price(new PriceModel(EUR, BigDecimal.ZERO, 20_000, OverageModel.VOLUME, model.tiers()), 1_520_000)
                        .lines().get(1).description());
    }

    @Test
    void volume_prices_the_whole_overage_at_the_tier_it_ends_in() {
        // 90,000 overage ends in the second tier: all of it at 0.20/1000 = 18.00, versus 33.00 graduated.
        PricedUsage volume = PriceCalculator.price(starter(OverageModel.VOLUME), 100_000);
        PricedUsage tiered = PriceCalculator.price(starter(OverageModel.TIERED), 100_000);

        InvoiceLine line = volume.lines().get(2);
        assertEquals(3, volume.lines().size());
        assertEquals(1, line.tierIndex());
        assertEquals(90_000, line.quantity());
        assertEquals(new BigDecimal("18.0000"), line.amount());
        assertEquals(new BigDecimal("67.00"), volume.total());
        assertEquals(new BigDecimal("15.00"), tiered.total().subtract(volume.total()));
    }

    @Test
    void a_tier_bound_is_inclusive() {
        // 60,000 billable = exactly 50,000 overage: all in the first tier, both ways (25.00).
        PricedUsage tiered = PriceCalculator.price(starter(OverageModel.TIERED), 60_000);
        PricedUsage volume = PriceCalculator.price(starter(OverageModel.VOLUME), 60_000);
        assertEquals(3, tiered.lines().size(), "no empty second-tier line");
        assertEquals(new BigDecimal("25.0000"), tiered.lines().get(2).amount());
        assertEquals(0, volume.lines().get(2).tierIndex());
        assertEquals(new BigDecimal("74.00"), tiered.total());
        assertEquals(new BigDecimal("74.00"), volume.total());

        // One more: graduated adds 1 × 0.20/1000 = 0.0002; volume drops all 50,001 to 0.20/1000 = 10.0002.
        PricedUsage tieredPlusOne = PriceCalculator.price(starter(OverageModel.TIERED), 60_001);
        PricedUsage volumePlusOne = PriceCalculator.price(starter(OverageModel.VOLUME), 60_001);
        assertEquals(new BigDecimal("0.0002"), tieredPlusOne.lines().get(3).amount());
        assertEquals(new BigDecimal("74.0002"), tieredPlusOne.subtotal());
        assertEquals(new BigDecimal("74.00"), tieredPlusOne.total());
        assertEquals(new BigDecimal("10.0002"), volumePlusOne.lines().get(2).amount());
        assertEquals(new BigDecimal("59.00"), volumePlusOne.total());

        // The last included request costs nothing; the first overage request is in tier 1.
        assertEquals(2, PriceCalculator.price(starter(OverageModel.TIERED), 10_000).lines().size());
        assertEquals(new BigDecimal("0.0005"), PriceCalculator.price(starter(OverageModel.TIERED), 10_001).lines().get(2).amount());
    }

    @Test
    void zero_usage_costs_the_flat_fee() {
        PricedUsage priced = PriceCalculator.price(starter(OverageModel.TIERED), 0);

        assertEquals(2, priced.lines().size());
        assertEquals(0, priced.lines().get(1).quantity());
        assertEquals(new BigDecimal("49.00"), priced.total());
        PricedUsage free = PriceCalculator.price(new PriceModel(EUR, BigDecimal.ZERO, 0, OverageModel.TIERED, List.of()), 0);
        assertTrue(free.lines().isEmpty());
        assertEquals(new BigDecimal("0.00"), free.total());
    }

    @Test
    void lines_round_half_even_to_4_decimals_and_totals_to_the_currencys_minor_units() {
        // 3 × 0.00125 = 0.00375 → 0.0038 (half to even); 5 × 0.00125 = 0.00625 → 0.0062.
        PriceModel perCall = new PriceModel(EUR, BigDecimal.ZERO, 0, OverageModel.TIERED,
                List.of(new PriceTier(null, new BigDecimal("0.00125"), 1)));
        assertEquals(new BigDecimal("0.0038"), PriceCalculator.price(perCall, 3).subtotal());
        assertEquals(new BigDecimal("0.0062"), PriceCalculator.price(perCall, 5).subtotal());
        // 1 per 3 requests does not terminate: 10 requests = 3.3333…, rounded once, on the line.
        PriceModel perThree = new PriceModel(EUR, BigDecimal.ZERO, 0, OverageModel.TIERED,
                List.of(new PriceTier(null, BigDecimal.ONE, 3)));
        assertEquals(new BigDecimal("3.3333"), PriceCalculator.price(perThree, 10).subtotal());
        assertEquals(new BigDecimal("3.33"), PriceCalculator.price(perThree, 10).total());
        // Yen have no minor unit: 2.5 → 2 and 3.5 → 4.
        PriceModel yen = new PriceModel(Currency.getInstance("JPY"), BigDecimal.ZERO, 0, OverageModel.VOLUME,
                List.of(new PriceTier(null, new BigDecimal("0.5"), 1)));
        assertEquals(new BigDecimal("2"), PriceCalculator.price(yen, 5).total());
        assertEquals(new BigDecimal("4"), PriceCalculator.price(yen, 7).total());
    }

    @Test
    void refuses_models_that_leave_usage_unpriced_or_are_out_of_order() {
        BigDecimal p = BigDecimal.ONE;
        assertThrows(IllegalArgumentException.class, () -> new PriceModel(EUR, BigDecimal.ZERO, 0, OverageModel.TIERED,
                List.of(new PriceTier(100L, p, 1))), "last tier bounded");
        assertThrows(IllegalArgumentException.class, () -> new PriceModel(EUR, BigDecimal.ZERO, 0, OverageModel.TIERED,
                List.of(new PriceTier(100L, p, 1), new PriceTier(100L, p, 1), new PriceTier(null, p, 1))), "bounds not increasing");
        assertThrows(IllegalArgumentException.class, () -> new PriceModel(EUR, BigDecimal.ZERO, 0, OverageModel.TIERED,
                List.of(new PriceTier(null, p, 1), new PriceTier(null, p, 1))), "open tier not last");
        assertThrows(IllegalArgumentException.class, () -> new PriceModel(EUR, new BigDecimal("-1"), 0, OverageModel.TIERED, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PriceModel(EUR, new BigDecimal("0.00001"), 0, OverageModel.TIERED, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PriceTier(null, p, 0));
        assertThrows(IllegalArgumentException.class, () -> new PriceTier(null, new BigDecimal("0.0000001"), 1));
        assertThrows(IllegalArgumentException.class, () -> PriceCalculator.price(starter(OverageModel.TIERED), -1));
    }
}
