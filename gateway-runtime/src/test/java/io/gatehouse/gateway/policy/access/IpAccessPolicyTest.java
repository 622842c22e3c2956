package io.gatehouse.gateway.policy.access;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class IpAccessPolicyTest {

    private final CompiledConfig config = CompiledConfig.builder(1)
            .option("guarded", IpAccess.OPTION, IpAccess.of(List.of("10.0.0.0/8"), List.of("10.9.9.9"))).build();

    private Outcome decide(String apiId, String clientIp) {
        Exchange exchange = new Exchange("r1", "GET", null, "/x", MultiMap.caseInsensitiveMultiMap(), config);
        exchange.put(RoutePolicy.ROUTE, new Route("r", apiId, "/x", null, Set.of(), false, 1, 1));
        exchange.put(Exchange.CLIENT_IP, clientIp);
        return new IpAccessPolicy().onRequest(exchange).result();
    }

    @Test
    void admits_an_address_inside_the_allow_list() {
        assertInstanceOf(Outcome.Continue.class, decide("guarded", "10.1.2.3"));
    }

    @Test
    void denies_an_address_outside_the_allow_list_with_403_ip_denied() {
        Outcome outcome = decide("guarded", "192.0.2.1");

        assertEquals(GatewayError.IP_DENIED, assertInstanceOf(Outcome.Respond.class, outcome).problem().error());
        assertEquals(403, GatewayError.IP_DENIED.status());
    }

    @Test
    void lets_a_deny_entry_win_over_the_allow_list() {
        assertInstanceOf(Outcome.Respond.class, decide("guarded", "10.9.9.9"));
    }

    @Test
    void admits_everyone_on_an_api_without_lists() {
        assertInstanceOf(Outcome.Continue.class, decide("open", "192.0.2.1"));
    }
}
