package io.gatehouse.gateway.policy.cors;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.policy.route.HeaderCondition;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CorsPolicyTest {

    private static final Route WEB = new Route("r-web", "web", "/web", null, Set.of("GET", "POST"), true, 1, 1);
    private static final Route PLAIN = new Route("r-plain", "plain", "/plain", null, Set.of(), true, 1, 1);
    /** Only for requests that carry {@code X-Variant: beta}; a preflight never does. */
    private static final Route BETA = new Route("r-beta", "web", "/beta", null, Set.of("GET"), true, 1, 1, null,
            List.of(new HeaderCondition("X-Variant", "beta")), 0, null);
    private final CompiledConfig config = CompiledConfig.builder(1)
            .part(RouteTable.PART, RouteTable.of(List.of(WEB, PLAIN, BETA)))
            .option("web", CorsRules.OPTION, CorsRules.of(List.of("https://app.example"), List.of("GET", "POST"),
                    List.of("Content-Type", "X-Trace", "X-Variant"), List.of("X-RateLimit-Remaining"), true, 600)).build();

    private Exchange request(String method, String path, String... headers) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new Exchange("r1", method, null, path, h, config);
    }

    @Test
    void answers_an_allowed_preflight_with_204_and_the_allow_headers_even_though_the_route_refuses_options() {
        Exchange exchange = request("OPTIONS", "/web/items", "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type, x-trace");

        Outcome.Reply reply = assertInstanceOf(Outcome.Reply.class, new CorsPreflightPolicy().onRequest(exchange).result());

        assertEquals(204, reply.status());
        assertEquals("https://app.example", reply.headers().get("Access-Control-Allow-Origin"));
        assertEquals("GET, POST", reply.headers().get("Access-Control-Allow-Methods"));
        assertEquals("true", reply.headers().get("Access-Control-Allow-Credentials"));
        assertEquals("600", reply.headers().get("Access-Control-Max-Age"));
    }

    @Test
    void answers_the_preflight_of_a_route_with_header_conditions_although_the_preflight_lacks_those_headers() {
        Exchange exchange = request("OPTIONS", "/beta/items", "Origin", "https://app.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-variant");

        Outcome.Reply reply = assertInstanceOf(Outcome.Reply.class, new CorsPreflightPolicy().onRequest(exchange).result());

        assertEquals(204, reply.status());
        assertEquals(BETA, exchange.get(RoutePolicy.ROUTE));
    }

    @Test
    void refuses_a_preflight_from_an_unknown_origin_or_for_a_header_not_allowed() {
        Outcome badOrigin = new CorsPreflightPolicy().onRequest(request("OPTIONS", "/web/items",
                "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")).result();
        Outcome badHeader = new CorsPreflightPolicy().onRequest(request("OPTIONS", "/web/items",
                "Origin", "https://app.example", "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "X-Api-Key")).result();

        assertEquals(GatewayError.CORS_REJECTED, assertInstanceOf(Outcome.Respond.class, badOrigin).problem().error());
        assertEquals(GatewayError.CORS_REJECTED, assertInstanceOf(Outcome.Respond.class, badHeader).problem().error());
    }

    @Test
    void lets_a_preflight_to_an_api_without_cors_and_plain_options_requests_go_through_the_chain() {
        assertInstanceOf(Outcome.Continue.class, new CorsPreflightPolicy().onRequest(request("OPTIONS", "/plain/x",
                "Origin", "https://app.example", "Access-Control-Request-Method", "GET")).result());
        assertInstanceOf(Outcome.Continue.class, new CorsPreflightPolicy().onRequest(request("OPTIONS", "/web/x")).result());
    }

    @Test
    void adds_allow_origin_and_expose_headers_to_an_actual_request_from_an_allowed_origin() {
        Exchange exchange = request("GET", "/web/items", "Origin", "https://app.example");
        exchange.put(RoutePolicy.ROUTE, WEB);

        assertInstanceOf(Outcome.Continue.class, new CorsPolicy().onRequest(exchange).result());
        MultiMap answer = MultiMap.caseInsensitiveMultiMap().add("Vary", "Accept-Encoding")
                .add("Access-Control-Allow-Origin", "https://upstream.example");
        new CorsPolicy().onResponse(exchange, ResponseHead.fromGateway(200, answer, false));

        assertEquals("https://app.example", answer.get("Access-Control-Allow-Origin"), "the API's rule replaces the upstream's");
        assertEquals("X-RateLimit-Remaining", answer.get("Access-Control-Expose-Headers"));
        assertEquals(java.util.List.of("Accept-Encoding", "Origin"), answer.getAll("Vary"), "Origin is added to the Vary");
    }

    @Test
    void adds_no_allow_origin_for_an_origin_that_is_not_allowed() {
        Exchange exchange = request("GET", "/web/items", "Origin", "https://evil.example");
        exchange.put(RoutePolicy.ROUTE, WEB);

        MultiMap answer = MultiMap.caseInsensitiveMultiMap();
        new CorsPolicy().onResponse(exchange, ResponseHead.fromGateway(200, answer, false));

        assertNull(answer.get("Access-Control-Allow-Origin"));
        assertFalse(answer.contains("Access-Control-Allow-Credentials"));
    }

    @Test
    void refuses_credentials_for_any_origin_when_compiling() {
        assertThrows(IllegalArgumentException.class,
                () -> CorsRules.of(List.of("*"), null, null, null, true, null));
    }
}
