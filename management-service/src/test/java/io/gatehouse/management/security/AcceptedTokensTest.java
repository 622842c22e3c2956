package io.gatehouse.management.security;

import io.gatehouse.statictokens.StaticTokens;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcceptedTokensTest {

    private static final String GATEWAY = "gateway-token-0123456789";
    private static final String BILLING = "billing-token-0123456789";

    @Test
    void each_token_signs_in_as_its_own_holder_and_role() {
        StaticTokens tokens = AcceptedTokens.of(Optional.of("admin"), GATEWAY, Optional.of(BILLING));
        assertEquals(new StaticTokens.Holder("bootstrap-admin", Roles.PLATFORM_ADMIN), tokens.holderOf("Bearer admin").orElseThrow());
        assertEquals(new StaticTokens.Holder("gateway", Roles.GATEWAY), tokens.holderOf("Bearer " + GATEWAY).orElseThrow());
        assertEquals(new StaticTokens.Holder("billing-metering", Roles.BILLING_SERVICE),
                tokens.holderOf("Bearer " + BILLING).orElseThrow());
    }

    @Test
    void without_an_admin_or_billing_token_only_the_gateway_token_works() {
        StaticTokens tokens = AcceptedTokens.of(Optional.empty(), GATEWAY, Optional.of("   "));
        assertEquals(Roles.GATEWAY, tokens.holderOf("Bearer " + GATEWAY).orElseThrow().role());
        assertEquals(Optional.empty(), tokens.holderOf("Bearer "));
    }

    @Test
    void a_billing_token_is_trimmed() {
        StaticTokens tokens = AcceptedTokens.of(Optional.empty(), GATEWAY, Optional.of("  " + BILLING + "\n"));
        assertEquals(Roles.BILLING_SERVICE, tokens.holderOf("Bearer " + BILLING).orElseThrow().role());
    }

    @Test
    void a_gateway_or_billing_token_under_16_characters_stops_the_start() {
        IllegalStateException gateway = assertThrows(IllegalStateException.class,
                () -> AcceptedTokens.of(Optional.empty(), "short-gw-token", Optional.of(BILLING)));
        assertTrue(gateway.getMessage().contains("GATEHOUSE_GATEWAY_TOKEN"), gateway.getMessage());
        IllegalStateException billing = assertThrows(IllegalStateException.class,
                () -> AcceptedTokens.of(Optional.empty(), GATEWAY, Optional.of(" short-billing ")));
        assertTrue(billing.getMessage().contains("GATEHOUSE_BILLING_TOKEN"), billing.getMessage());
    }
}
