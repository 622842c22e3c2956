package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.config.CompiledConfig;
import io.gatehouse.gateway.metrics.RequestMetrics;
import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.auth.ApiKeyPolicy;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RoutePolicy;
import io.gatehouse.gateway.policy.subscription.Subscription;
import io.gatehouse.gateway.policy.subscription.SubscriptionPolicy;
import io.gatehouse.gateway.problem.GatewayError;
import io.gatehouse.gateway.proxy.ProxyForwarder;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UsageCaptureTest {

    private static final Instant NOW = Instant.parse("2026-11-24T11:00:00.123456Z");
    private final UsageCapture capture = new UsageCapture(null, Clock.fixed(NOW, ZoneOffset.UTC), "node-a");

    private static Exchange exchange() {
        CompiledConfig config = CompiledConfig.builder(1).part(Organizations.PART, Organizations.of(java.util.List.of(
                new io.gatehouse.gateway.config.Snapshot.Application("app-1", "org-1", null, null)))).build();
        return new Exchange("req-1", "GET", "localhost", "/demo/x", MultiMap.caseInsensitiveMultiMap(), config);
    }

    @Test
    void an_arrival_has_a_uuid_v7_of_its_millisecond() {
        UsageCapture.Arrival arrival = capture.arrive();

        assertEquals(Instant.parse("2026-11-24T11:00:00.123Z"), arrival.at());
        assertEquals(7, arrival.id().version());
        assertEquals(arrival.at().toEpochMilli(), UuidV7Generator.epochMillis(arrival.id()));
    }

    @Test
    void a_forwarded_request_names_every_party_the_policies_found_but_never_the_key_itself() {
        Exchange exchange = exchange();
        exchange.put(RoutePolicy.ROUTE, new Route("r-1", "api-1", "/demo", null, Set.of(), true, 1000, 1000));
        exchange.put(ApiKeyPolicy.API_KEY, new ApiKey("k-1", "gh_Abcdefg", "app-1", null));
        exchange.put(SubscriptionPolicy.SUBSCRIPTION, new Subscription("s-1", "app-1", "p-1", "api-1"));
        exchange.put(RequestMetrics.OUTCOME, RequestMetrics.PROXIED);
        exchange.put(ProxyForwarder.UPSTREAM_NANOS, TimeUnit.MILLISECONDS.toNanos(7));
        UsageCapture.Arrival arrival = capture.arrive();

        UsageEvent event = capture.event(arrival, exchange, "GET", 200, 11, 222,
                arrival.nanos() + TimeUnit.MILLISECONDS.toNanos(15));

        assertEquals(arrival.id(), event.id());
        assertEquals("node-a", event.node());
        assertEquals("org-1", event.org(), "the application's organization, from the config");
        assertEquals("app-1", event.app());
        assertEquals("s-1", event.sub());
        assertEquals("p-1", event.plan());
        assertEquals("api-1", event.api());
        assertEquals("r-1", event.route());
        assertEquals("k-1", event.key());
        assertEquals("gh_Abcdefg", event.prefix());
        assertEquals(UsageOutcome.FORWARDED, event.outcome());
        assertEquals(15, event.latencyMs());
        assertEquals(7, event.upstreamMs());
        assertEquals(11, event.reqBytes());
        assertEquals(222, event.resBytes());
    }

    @Test
    void a_request_denied_before_authentication_has_only_its_route() {
        Exchange exchange = exchange();
        exchange.put(RoutePolicy.ROUTE, new Route("r-1", "api-1", "/demo", null, Set.of(), true, 1000, 1000));
        exchange.put(RequestMetrics.OUTCOME, GatewayError.MISSING_CREDENTIALS.slug());
        UsageCapture.Arrival arrival = capture.arrive();

        UsageEvent event = capture.event(arrival, exchange, "GET", 401, 0, 180, arrival.nanos());

        assertEquals(UsageOutcome.DENIED, event.outcome());
        assertEquals("api-1", event.api());
        assertNull(event.app());
        assertNull(event.key());
        assertEquals("", event.prefix());
        assertNull(event.upstreamMs());
        assertNull(event.org());
    }
}
