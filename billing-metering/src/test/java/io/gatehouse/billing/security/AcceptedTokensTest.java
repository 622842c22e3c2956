package io.gatehouse.billing.security;

import io.gatehouse.statictokens.StaticTokens;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AcceptedTokensTest {

    @Test
    void the_admin_token_is_a_platform_admin_and_the_service_token_a_read_only_viewer() {
        StaticTokens tokens = AcceptedTokens.of(Optional.of(" admin-token "), Optional.of("billing-token-0123456789 "));
        assertEquals(new StaticTokens.Holder("bootstrap-admin", Roles.PLATFORM_ADMIN),
                tokens.holderOf("Bearer admin-token").orElseThrow(), "trimmed");
        assertEquals(new StaticTokens.Holder("management-service", Roles.BILLING_VIEWER),
                tokens.holderOf("Bearer billing-token-0123456789").orElseThrow());
    }

    @Test
    void a_service_token_equal_to_the_admin_token_is_the_admin_token() {
        StaticTokens tokens = AcceptedTokens.of(Optional.of("same-token-0123456789"), Optional.of("same-token-0123456789"));
        assertEquals(Roles.PLATFORM_ADMIN, tokens.holderOf("Bearer same-token-0123456789").orElseThrow().role());
    }

    @Test
    void unset_or_blank_tokens_are_off() {
        StaticTokens tokens = AcceptedTokens.of(Optional.empty(), Optional.of("  "));
        assertEquals(Optional.empty(), tokens.holderOf("Bearer "));
        assertEquals(Optional.empty(), tokens.holderOf("Bearer   "));
    }
}
