package io.gatehouse.gateway.policy.subscription;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SubscriptionPolicyTest {

    private final CompiledConfig config = CompiledConfig.builder(1).part(SubscriptionIndex.PART,
            SubscriptionIndex.of(List.of(new Subscription("s1", "app-1", "plan-1", "api-demo")))).build();

    private Exchange admitted(String apiId, String applicationId) {
        Exchange exchange = new Exchange("r1", "GET", null, "/x", MultiMap.caseInsensitiveMultiMap(), config);
        exchange.put(RoutePolicy.ROUTE, new Route("r", apiId, "/x", null, Set.of(), false, 1, 1));
        exchange.put(ApiKeyPolicy.API_KEY, new ApiKey("k", "gh_", applicationId, null));
        return exchange;
    }

    @Test
    void lets_a_subscribed_application_through_and_records_the_subscription() {
        Exchange exchange = admitted("api-demo", "app-1");

        assertInstanceOf(Outcome.Continue.class, new SubscriptionPolicy().onRequest(exchange).result());
        assertEquals("plan-1", exchange.get(SubscriptionPolicy.SUBSCRIPTION).planId());
    }

    @Test
    void denies_an_application_subscribed_to_another_api_with_403() {
        Outcome outcome = new SubscriptionPolicy().onRequest(admitted("api-other", "app-1")).result();

        assertEquals(GatewayError.NOT_SUBSCRIBED, assertInstanceOf(Outcome.Respond.class, outcome).problem().error());
    }

    @Test
    void denies_an_application_without_subscriptions_with_403() {
        Outcome outcome = new SubscriptionPolicy().onRequest(admitted("api-demo", "app-2")).result();

        assertEquals(403, assertInstanceOf(Outcome.Respond.class, outcome).problem().status());
    }
}
