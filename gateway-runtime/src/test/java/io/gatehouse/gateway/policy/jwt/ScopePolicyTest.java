package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RouteOptions;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.gatehouse.gateway.proxy.HeaderTransform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A route's required scopes against the token on the exchange, without I/O. */
class ScopePolicyTest {

    private final ScopePolicy policy = new ScopePolicy(new JwtMetrics(new SimpleMeterRegistry()));

    @Test
    void a_route_without_required_scopes_lets_every_credential_through() {
        assertInstanceOf(Outcome.Continue.class, policy.onRequest(exchange(Set.of(), null)).result());
    }

    @Test
    void a_token_granting_every_required_scope_passes() {
        assertInstanceOf(Outcome.Continue.class,
                policy.onRequest(exchange(Set.of("a", "b"), token(Set.of("b", "a", "c")))).result());
    }

    @Test
    void a_token_missing_one_scope_is_403_naming_all_required_scopes() {
        Problem problem = assertInstanceOf(Outcome.Respond.class,
                policy.onRequest(exchange(Set.of("b", "a"), token(Set.of("a")))).result()).problem();
        assertEquals(GatewayError.INSUFFICIENT_SCOPE, problem.error());
        assertEquals(403, problem.status());
        assertEquals("Bearer realm=\"gatehouse\", error=\"insufficient_scope\", error_description=\"The token lacks a "
                + "scope this route requires\", scope=\"a b\"", problem.headers().get("WWW-Authenticate"));
    }

    @Test
    void an_api_key_grants_no_scopes() {
        assertEquals(GatewayError.INSUFFICIENT_SCOPE, assertInstanceOf(Outcome.Respond.class,
                policy.onRequest(exchange(Set.of("a"), null)).result()).problem().error());
    }

    private static VerifiedToken token(Set<String> scopes) {
        return new VerifiedToken("client", "sub", scopes, Instant.EPOCH);
    }

    private static Exchange exchange(Set<String> required, VerifiedToken token) {
        Route route = new Route("r", "api", "/a", null, Set.of(), false, 1000, 1000,
                new RouteOptions(0, HeaderTransform.NONE, HeaderTransform.NONE, 1, null, required));
        Exchange exchange = new Exchange("id", "GET", null, "/a", MultiMap.caseInsensitiveMultiMap(),
                CompiledConfig.empty(1));
        exchange.put(RoutePolicy.ROUTE, route);
        if (token != null) {
            exchange.put(JwtPolicy.TOKEN, token);
        }
        return exchange;
    }
}
