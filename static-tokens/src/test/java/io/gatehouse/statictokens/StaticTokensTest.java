package io.gatehouse.statictokens;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StaticTokensTest {

    private final StaticTokens tokens = StaticTokens.builder()
            .token("bootstrap-admin", "platform-admin", "admin-token-0123456789")
            .token("gateway", "gateway", "gateway-token-0123456789")
            .build();

    @Test
    void a_bearer_token_of_the_table_signs_in_as_its_holder() {
        assertEquals(Optional.of(new StaticTokens.Holder("bootstrap-admin", "platform-admin")),
                tokens.holderOf("Bearer admin-token-0123456789"));
        assertEquals(Optional.of(new StaticTokens.Holder("gateway", "gateway")),
                tokens.holderOf("Bearer gateway-token-0123456789"));
    }

    @Test
    void the_scheme_is_read_in_any_case_and_the_token_trimmed() {
        assertEquals("gateway", tokens.holderOf("bearer   gateway-token-0123456789  ").orElseThrow().principal());
        assertEquals("gateway", tokens.holderOf("BEARER gateway-token-0123456789").orElseThrow().principal());
    }

    @Test
    void another_token_another_scheme_or_no_header_is_left_to_other_mechanisms() {
        assertEquals(Optional.empty(), tokens.holderOf(null));
        assertEquals(Optional.empty(), tokens.holderOf(""));
        assertEquals(Optional.empty(), tokens.holderOf("Bearer "));
        assertEquals(Optional.empty(), tokens.holderOf("Bearer gateway-token-012345678"), "a prefix of a token");
        assertEquals(Optional.empty(), tokens.holderOf("Bearer gateway-token-01234567890"), "a token with more after it");
        assertEquals(Optional.empty(), tokens.holderOf("Basic gateway-token-0123456789"));
        assertEquals(Optional.empty(), tokens.holderOf("gateway-token-0123456789"));
    }

    @Test
    void a_null_or_blank_secret_leaves_its_token_off() {
        StaticTokens some = StaticTokens.builder()
                .token("bootstrap-admin", "platform-admin", null)
                .token("billing-metering", "billing-service", "  ")
                .token("gateway", "gateway", "gateway-token-0123456789")
                .build();
        assertEquals(Optional.empty(), some.holderOf("Bearer "));
        assertEquals(Optional.empty(), some.holderOf("Bearer   "));
        assertEquals("gateway", some.holderOf("Bearer gateway-token-0123456789").orElseThrow().principal());
    }

    @Test
    void when_two_holders_share_a_secret_the_first_declared_wins() {
        StaticTokens same = StaticTokens.builder()
                .token("bootstrap-admin", "platform-admin", "one-secret-0123456789")
                .token("management-service", "billing-viewer", "one-secret-0123456789")
                .build();
        assertEquals("platform-admin", same.holderOf("Bearer one-secret-0123456789").orElseThrow().role());
    }
}
