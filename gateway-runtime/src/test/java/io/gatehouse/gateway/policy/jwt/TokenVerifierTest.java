package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.support.IssuerDouble;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.gateway.support.TestTokens;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token checks, without I/O: keys made here, time fixed. */
class TokenVerifierTest {

    static final PublicJsonWebKey RSA = TestTokens.rsa("k1");
    static final PublicJsonWebKey EC = TestTokens.ec("k-ec");
    static final List<JsonWebKey> KEYS = List.of(RSA, EC);
    static final JwtRules RULES = JwtRules.of(IssuerDouble.ISSUER, "https://issuer.example/jwks",
            List.of(TestSnapshots.AUDIENCE, "second"), null, null);
    static final Instant NOW = Instant.ofEpochSecond(2_000_000_000L);

    private final TokenVerifier verifier = new TokenVerifier();

    @Test
    void accepts_a_token_signed_by_an_issuer_key_and_takes_client_scopes_and_subject() throws Exception {
        VerifiedToken token = verify(sign(RSA, c -> c.setClaim("scope", "a b")));
        assertEquals("checkout", token.clientId());
        assertEquals("user-1", token.subject());
        assertEquals(Set.of("a", "b"), token.scopes());
        assertEquals(NOW.plusSeconds(300), token.expiresAt());
        assertEquals("checkout", verify(sign(EC, c -> { })).clientId());
    }

    @Test
    void any_configured_audience_will_do() throws Exception {
        assertEquals("checkout", verify(sign(RSA, c -> c.setAudience("other", "second"))).clientId());
    }

    @Test
    void refuses_a_signature_of_another_key_with_the_same_kid() {
        assertRejected(sign(TestTokens.rsa("k1"), c -> { }), "signature");
    }

    @Test
    void refuses_wrong_issuer_and_audience_and_a_missing_audience() {
        assertRejected(sign(RSA, c -> c.setIssuer("https://evil.example")), "issuer");
        assertRejected(sign(RSA, c -> c.setAudience("elsewhere")), "audience");
        assertRejected(sign(RSA, c -> c.unsetClaim("aud")), "audience");
    }

    @Test
    void expiry_and_not_before_allow_exactly_the_clock_skew() throws Exception {
        long now = NOW.getEpochSecond();
        verify(sign(RSA, c -> c.setExpirationTime(NumericDate.fromSeconds(now - 29))));
        assertRejected(sign(RSA, c -> c.setExpirationTime(NumericDate.fromSeconds(now - 30))), "expired");
        verify(sign(RSA, c -> c.setNotBefore(NumericDate.fromSeconds(now + 30))));
        assertRejected(sign(RSA, c -> c.setNotBefore(NumericDate.fromSeconds(now + 31))), "not valid yet");
        assertRejected(sign(RSA, c -> c.unsetClaim("exp")), "no expiry");
    }

    @Test
    void refuses_none_and_hmac_before_looking_at_keys() {
        assertRejected(TestTokens.unsigned(claims(c -> { })), "algorithm");
        assertRejected(TestTokens.hmacWithPublicKey(RSA, claims(c -> { })), "algorithm");
    }

    @Test
    void refuses_garbage_and_oversized_tokens() {
        assertRejected("a.b.c", "well-formed");
        assertRejected("", "empty");
        assertRejected("x".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1), "too large");
    }

    @Test
    void finds_no_key_for_an_unknown_kid() throws Exception {
        TokenVerifier.ParsedToken parsed = verifier.parse(sign(TestTokens.rsa("k-new"), c -> { }));
        assertNull(verifier.keyFor(parsed, KEYS));
        assertRejected(sign(TestTokens.rsa("k-new"), c -> { }), "No signing key");
    }

    @Test
    void the_client_comes_from_azp_then_client_id_or_only_the_configured_claim() throws Exception {
        assertEquals("cid", verify(sign(RSA, c -> {
            c.unsetClaim("azp");
            c.setClaim("client_id", "cid");
        })).clientId());
        assertRejected(sign(RSA, c -> c.unsetClaim("azp")), "names no client");
        JwtRules clientIdOnly = JwtRules.of(IssuerDouble.ISSUER, "https://issuer.example/jwks",
                List.of(TestSnapshots.AUDIENCE), "client_id", 0);
        TokenVerifier.ParsedToken azpOnly = parse(sign(RSA, c -> { }));
        TokenRejected rejected = assertThrows(TokenRejected.class,
                () -> verifier.verify(azpOnly, KEYS, clientIdOnly, NOW));
        assertTrue(rejected.description().contains("client_id"), rejected.description());
    }

    @Test
    void scopes_come_from_scope_or_scp() throws Exception {
        assertEquals(Set.of("x", "y"), verify(sign(RSA, c -> c.setStringListClaim("scp", List.of("x", "y")))).scopes());
        assertEquals(Set.of("x"), verify(sign(RSA, c -> c.setClaim("scp", "x"))).scopes());
        assertEquals(Set.of(), verify(sign(RSA, c -> { })).scopes());
    }

    @Test
    void descriptions_are_safe_inside_a_quoted_challenge() {
        assertEquals("a b c", BearerChallenge.safe("a\"b\\c"));
    }

    private VerifiedToken verify(String token) throws TokenRejected {
        return verifier.verify(verifier.parse(token), KEYS, RULES, NOW);
    }

    private TokenVerifier.ParsedToken parse(String token) throws TokenRejected {
        return verifier.parse(token);
    }

    private void assertRejected(String token, String descriptionPart) {
        TokenRejected rejected = assertThrows(TokenRejected.class, () -> verify(token));
        assertTrue(rejected.description().contains(descriptionPart), rejected.description());
    }

    private static JwtClaims claims(Consumer<JwtClaims> edit) {
        JwtClaims claims = TestTokens.claims("checkout");
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 300));
        edit.accept(claims);
        return claims;
    }

    private static String sign(PublicJsonWebKey key, Consumer<JwtClaims> edit) {
        return TestTokens.sign(key, key.getKeyId(), claims(edit));
    }
}
