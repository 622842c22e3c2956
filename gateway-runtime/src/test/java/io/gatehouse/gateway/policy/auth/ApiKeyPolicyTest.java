package io.gatehouse.gateway.policy.auth;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class ApiKeyPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-24T11:00:00Z");
    private final ApiKeyHasher hasher = new ApiKeyHasher("pepper");
    private final ApiKeyPolicy policy = new ApiKeyPolicy(hasher, Clock.fixed(NOW, ZoneOffset.UTC));
    private final CompiledConfig config = CompiledConfig.builder(1).part(KeyDirectory.PART, new SnapshotKeyDirectory(Map.of(
                    hasher.hash("gh_valid"), new ApiKey("k1", "gh_valid", "app-1", null),
                    hasher.hash("gh_later"), new ApiKey("k2", "gh_later", "app-1", NOW.plusSeconds(1)),
                    hasher.hash("gh_expired"), new ApiKey("k3", "gh_expired", "app-1", NOW)))).build();

    private Exchange exchange(String header, String value) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (header != null) {
            headers.add(header, value);
        }
        return new Exchange("r1", "GET", null, "/demo", headers, config);
    }

    private static GatewayError deniedWith(Outcome outcome) {
        return assertInstanceOf(Outcome.Respond.class, outcome).problem().error();
    }

    @Test
    void accepts_a_known_key_in_the_x_api_key_header_and_records_it() {
        Exchange exchange = exchange("X-Api-Key", "gh_valid");

        Outcome outcome = policy.onRequest(exchange).result();

        assertInstanceOf(Outcome.Continue.class, outcome);
        assertEquals("k1", exchange.get(ApiKeyPolicy.API_KEY).id());
    }

    @Test
    void accepts_a_known_key_in_an_authorization_apikey_header() {
        assertInstanceOf(Outcome.Continue.class, policy.onRequest(exchange("Authorization", "ApiKey gh_valid")).result());
        assertInstanceOf(Outcome.Continue.class, policy.onRequest(exchange("authorization", "apikey gh_valid")).result());
    }

    @Test
    void rejects_a_request_without_a_key_as_missing_credentials_with_a_challenge() {
        Outcome outcome = policy.onRequest(exchange(null, null)).result();

        assertEquals(GatewayError.MISSING_CREDENTIALS, deniedWith(outcome));
        assertEquals("ApiKey realm=\"gatehouse\"",
                ((Outcome.Respond) outcome).problem().headers().get("WWW-Authenticate"));
        assertEquals(GatewayError.MISSING_CREDENTIALS, deniedWith(policy.onRequest(exchange("Authorization", "Bearer x")).result()));
    }

    @Test
    void rejects_an_unknown_or_revoked_key_as_invalid_credentials() {
        Exchange exchange = exchange("X-Api-Key", "gh_unknown");

        assertEquals(GatewayError.INVALID_CREDENTIALS, deniedWith(policy.onRequest(exchange).result()));
        assertNull(exchange.get(ApiKeyPolicy.API_KEY));
    }

    @Test
    void rejects_a_key_from_the_instant_it_expires() {
        assertEquals(GatewayError.INVALID_CREDENTIALS, deniedWith(policy.onRequest(exchange("X-Api-Key", "gh_expired")).result()));
        assertInstanceOf(Outcome.Continue.class, policy.onRequest(exchange("X-Api-Key", "gh_later")).result());
    }

    @Test
    void a_request_a_bearer_token_authenticated_passes_without_a_key() {
        Exchange exchange = exchange(null, null);
        exchange.put(ApiKeyPolicy.API_KEY, ApiKey.forToken("app-1"));
        assertInstanceOf(Outcome.Continue.class, policy.onRequest(exchange).result());
    }

    @Test
    void an_api_that_also_takes_tokens_names_both_schemes_when_nothing_is_sent() {
        io.gatehouse.gateway.policy.jwt.JwtRules rules = io.gatehouse.gateway.policy.jwt.JwtRules.of(
                "https://issuer.example", "https://issuer.example/jwks", List.of("aud"), null, null);
        CompiledConfig both = CompiledConfig.builder(1).option("api", ApiAuth.OPTION, new ApiAuth(true, rules)).build();
        Exchange exchange = new Exchange("r1", "GET", null, "/a", MultiMap.caseInsensitiveMultiMap(), both);
        exchange.put(io.gatehouse.gateway.policy.route.RoutePolicy.ROUTE,
                new io.gatehouse.gateway.policy.route.Route("r", "api", "/a", null, java.util.Set.of(), false, 1, 1));
        Outcome.Respond denied = assertInstanceOf(Outcome.Respond.class, policy.onRequest(exchange).result());
        assertEquals(GatewayError.MISSING_CREDENTIALS, denied.problem().error());
        assertEquals("ApiKey realm=\"gatehouse\", Bearer realm=\"gatehouse\"",
                denied.problem().headers().get("WWW-Authenticate"));
    }
}
