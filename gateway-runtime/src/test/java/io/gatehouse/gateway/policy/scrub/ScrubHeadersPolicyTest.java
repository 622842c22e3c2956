package io.gatehouse.gateway.policy.scrub;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.pipeline.ResponseHead;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class ScrubHeadersPolicyTest {

    private final CompiledConfig config = CompiledConfig.builder(1)
            .option("bare", ScrubbedHeaders.OPTION, ScrubbedHeaders.NONE)
            .option("custom", ScrubbedHeaders.OPTION, ScrubbedHeaders.of(List.of("X-AspNet-Version")))
            .build();
    private final ScrubHeadersPolicy policy = new ScrubHeadersPolicy();

    private MultiMap answer(String apiId) {
        Exchange exchange = new Exchange("r1", "GET", null, "/x", MultiMap.caseInsensitiveMultiMap(), config);
        if (apiId != null) {
            exchange.put(RoutePolicy.ROUTE, new Route("r", apiId, "/x", null, Set.of(), false, 1, 1));
        }
        assertInstanceOf(Outcome.Continue.class, policy.onRequest(exchange).result());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Server", "nginx/1.18.0").add("x-powered-by", "PHP/7.4.3")
                .add("X-AspNet-Version", "4.0.30319").add("Content-Type", "application/json");
        policy.onResponse(exchange, ResponseHead.fromGateway(200, headers, false));
        return headers;
    }

    @Test
    void removes_server_and_x_powered_by_from_the_answers_of_an_api_that_says_nothing() {
        MultiMap headers = answer("plain");

        assertNull(headers.get("Server"));
        assertNull(headers.get("X-Powered-By"));
        assertEquals("4.0.30319", headers.get("X-AspNet-Version"));
        assertEquals("application/json", headers.get("Content-Type"));
    }

    @Test
    void leaves_every_header_of_an_api_that_opted_out() {
        MultiMap headers = answer("bare");

        assertEquals("nginx/1.18.0", headers.get("Server"));
        assertEquals("PHP/7.4.3", headers.get("X-Powered-By"));
    }

    @Test
    void removes_only_the_names_an_api_lists() {
        MultiMap headers = answer("custom");

        assertNull(headers.get("X-AspNet-Version"));
        assertEquals("nginx/1.18.0", headers.get("Server"));
    }

    @Test
    void leaves_an_answer_that_matched_no_route_alone() {
        assertEquals("nginx/1.18.0", answer(null).get("Server"));
    }
}
