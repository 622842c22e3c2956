package io.gatehouse.gateway.policy.subscription;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.pipeline.Outcome;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.problem.Problem;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionPolicyTest {

    private final CompiledConfig config = CompiledConfig.builder(1).part(SubscriptionIndex.PART,
            SubscriptionIndex.of(List.of(new Subscription("s1", "app-1", "plan-1", "api-demo")))).build();

    /**
     * App {@code partner} holds {@code s-product}: {@code api-orders} whole, and of {@code api-catalog} only route
     * {@code r-items} and only GET.
     */
    private static CompiledConfig product(List<Snapshot.SubscriptionEntry> extra) {
        List<Snapshot.SubscriptionEntry> entries = new ArrayList<>(List.of(new Snapshot.SubscriptionEntry("s-product",
                "partner", "plan-gold", null, List.of(new Snapshot.Grant("api-orders", null, null),
                new Snapshot.Grant("api-catalog", List.of("r-items"), List.of("GET"))))));
        entries.addAll(extra);
        return CompiledConfig.builder(1).part(SubscriptionIndex.PART,
                SubscriptionIndex.of(entries, plan -> false, new ArrayList<>())).build();
    }

    private static Exchange request(CompiledConfig config, String method, String apiId, String routeId,
                                    String applicationId) {
        Exchange exchange = new Exchange("r1", method, null, "/x", MultiMap.caseInsensitiveMultiMap(), config);
        exchange.put(RoutePolicy.ROUTE, new Route(routeId, apiId, "/x", null, Set.of(), false, 1, 1));
        exchange.put(ApiKeyPolicy.API_KEY, new ApiKey("k", "gh_", applicationId, null));
        return exchange;
    }

    private Exchange admitted(String apiId, String applicationId) {
        return request(config, "GET", apiId, "r", applicationId);
    }

    private static Problem denial(Exchange exchange) {
        Outcome outcome = new SubscriptionPolicy().onRequest(exchange).result();
        return assertInstanceOf(Outcome.Respond.class, outcome).problem();
    }

    private static Subscription admittedUnder(Exchange exchange) {
        assertInstanceOf(Outcome.Continue.class, new SubscriptionPolicy().onRequest(exchange).result());
        return exchange.get(SubscriptionPolicy.SUBSCRIPTION);
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

    @Test
    void a_product_subscription_admits_every_api_it_grants_under_the_same_subscription() {
        CompiledConfig config = product(List.of());

        Subscription orders = admittedUnder(request(config, "DELETE", "api-orders", "r-any", "partner"));
        Subscription catalog = admittedUnder(request(config, "GET", "api-catalog", "r-items", "partner"));

        assertEquals("s-product", orders.id());
        assertEquals(orders, catalog, "one subscription, so one set of limits, covers both APIs");
    }

    @Test
    void denies_a_method_the_product_does_not_grant_on_the_route_with_403_saying_so() {
        Problem problem = denial(request(product(List.of()), "POST", "api-catalog", "r-items", "partner"));

        assertEquals(GatewayError.NOT_SUBSCRIBED, problem.error());
        assertEquals(403, problem.status());
        assertEquals("The product of this API key's plan does not include the method POST on this route",
                problem.detail());
    }

    @Test
    void denies_a_route_the_product_does_not_grant_with_403_saying_so() {
        Problem problem = denial(request(product(List.of()), "GET", "api-catalog", "r-admin", "partner"));

        assertEquals(GatewayError.NOT_SUBSCRIBED, problem.error());
        assertEquals("The product of this API key's plan does not include this route of the API", problem.detail());
    }

    @Test
    void denies_an_api_outside_the_product_with_the_usual_detail() {
        Problem problem = denial(request(product(List.of()), "GET", "api-billing", "r-any", "partner"));

        assertEquals("The application of this API key has no active subscription to this API", problem.detail());
    }

    @Test
    void a_second_subscription_granting_what_the_first_does_not_admits_the_request_under_itself() {
        CompiledConfig config = product(List.of(new Snapshot.SubscriptionEntry("s-writer", "partner", "plan-writer",
                null, List.of(new Snapshot.Grant("api-catalog", List.of("r-items"), List.of("POST"))))));

        assertEquals("s-product", admittedUnder(request(config, "GET", "api-catalog", "r-items", "partner")).id());
        assertEquals("s-writer", admittedUnder(request(config, "POST", "api-catalog", "r-items", "partner")).id());
        assertTrue(denial(request(config, "PUT", "api-catalog", "r-items", "partner")).detail().contains("method PUT"));
    }
}
