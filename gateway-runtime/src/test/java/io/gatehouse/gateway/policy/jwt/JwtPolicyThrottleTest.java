package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.policy.auth.ApiAuth;
import io.gatehouse.gateway.policy.auth.BadCredentialThrottle;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Rejected bearer tokens count against the client address's bad-credential budget (issue 14, item 10). */
class JwtPolicyThrottleTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);
    private static final JwtRules RULES = new JwtRules("https://issuer.test", "https://issuer.test/jwks", Set.of("orders"),
            JwtRules.DEFAULT_APPLICATION_CLAIMS, 30);
    private static final Route ROUTE = new Route("r-jwt", "api-jwt", "/jwt", null, Set.of(), false, 1000, 1000, null);
    private static final CompiledConfig CONFIG = CompiledConfig.builder(1)
            .option("api-jwt", ApiAuth.OPTION, new ApiAuth(false, RULES)).build();

    private final BadCredentialThrottle throttle = new BadCredentialThrottle(3, Duration.ofMinutes(1), 100, CLOCK, null);
    private final JwtPolicy policy = new JwtPolicy(null, new TokenVerifier(), CLOCK,
            new JwtMetrics(new SimpleMeterRegistry()), throttle);

    private static Exchange bearer(String token, String clientIp) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
        Exchange exchange = new Exchange("r1", "GET", null, "/jwt/x", headers, CONFIG);
        exchange.put(RoutePolicy.ROUTE, ROUTE);
        exchange.put(Exchange.CLIENT_IP, clientIp);
        return exchange;
    }

    private GatewayError answer(String token, String clientIp) {
        return assertInstanceOf(Outcome.Respond.class, policy.onRequest(bearer(token, clientIp)).result()).problem().error();
    }

    @Test
    void the_token_after_the_budget_from_one_address_is_429_with_retry_after_and_other_addresses_are_unaffected() {
        for (int i = 0; i < 3; i++) {
            assertEquals(GatewayError.INVALID_TOKEN, answer("not.a.jwt", "198.51.100.7"));
        }

        Outcome.Respond throttled = assertInstanceOf(Outcome.Respond.class,
                policy.onRequest(bearer("still.not.jwt", "198.51.100.7")).result());

        assertEquals(GatewayError.TOO_MANY_BAD_CREDENTIALS, throttled.problem().error());
        assertEquals("60", throttled.problem().headers().get("Retry-After"));
        assertEquals(GatewayError.INVALID_TOKEN, answer("not.a.jwt", "198.51.100.8"), "another address keeps its budget");
    }

    @Test
    void without_a_throttle_every_rejected_token_stays_401() {
        JwtPolicy unthrottled = new JwtPolicy(null, new TokenVerifier(), CLOCK, new JwtMetrics(new SimpleMeterRegistry()));
        for (int i = 0; i < 10; i++) {
            assertEquals(GatewayError.INVALID_TOKEN, assertInstanceOf(Outcome.Respond.class,
                    unthrottled.onRequest(bearer("not.a.jwt", "198.51.100.7")).result()).problem().error());
        }
    }
}
