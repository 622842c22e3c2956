package io.gatehouse.gateway.config;

import io.gatehouse.gateway.compose.Composition;
import io.gatehouse.gateway.policy.route.RouteMatch;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.support.TestSnapshots;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code compose} route option and the breaker's {@code failureStatuses}, as compiled from a snapshot. */
class SnapshotComposeCompileTest {

    private final SnapshotCompiler compiler = TestSnapshots.compiler();

    private CompiledConfig compile(String json) {
        return compiler.compile(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void compiles_a_composition_with_absolute_and_relative_parts_and_defaults() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [{"id": "a", "targets": [{"id": "t", "url": "http://h:1"}],
                  "routes": [{"id": "r", "pathPrefix": "/c", "responseTimeoutMs": 2500,
                              "compose": {"parts": [{"name": "user", "url": "http://users:8080/me", "timeoutMs": 300, "required": true},
                                                    {"name": "orders", "url": "/orders?limit=5"}]}}]}]}""");

        Composition compose = assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/c"))
                .route().options().compose();
        assertEquals(2, compose.parts().size());
        Composition.Part user = compose.parts().get(0);
        assertEquals("users", user.target().host());
        assertEquals(300, user.timeoutMs());
        assertTrue(user.required());
        Composition.Part orders = compose.parts().get(1);
        assertNull(orders.target());
        assertEquals("/orders", orders.path());
        assertEquals("limit=5", orders.query());
        assertEquals(2500, orders.timeoutMs(), "the route's response timeout by default");
        assertFalse(orders.required());
        assertEquals(Composition.DEFAULT_MAX_PART_BYTES, compose.maxPartBytes());
    }

    @Test
    void skips_a_route_whose_composition_cannot_be_used_with_a_warning() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [{"id": "a", "targets": [{"id": "t", "url": "http://h:1"}],
                  "routes": [{"id": "bad", "pathPrefix": "/bad", "compose": {"parts": [{"name": "x", "method": "POST", "url": "/x"}]}},
                             {"id": "cached", "pathPrefix": "/cached", "cache": {"ttlSeconds": 5},
                              "compose": {"parts": [{"name": "x", "url": "/x"}]}},
                             {"id": "ok", "pathPrefix": "/ok"}]}]}""");

        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/bad"));
        assertInstanceOf(RouteMatch.NotFound.class, config.part(RouteTable.PART).match("GET", null, "/cached"));
        assertInstanceOf(RouteMatch.Found.class, config.part(RouteTable.PART).match("GET", null, "/ok"));
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("route bad") && w.contains("GET")), config.warnings().toString());
    }

    @Test
    void counts_502_503_504_against_a_target_by_default_and_what_the_api_names_otherwise() {
        CompiledConfig config = compile("""
                {"version": 1, "apis": [
                  {"id": "default", "targets": [{"id": "t", "url": "http://h:1"}], "routes": [],
                   "circuitBreaker": {"failureThreshold": 2}},
                  {"id": "named", "targets": [{"id": "t", "url": "http://h:1"}], "routes": [],
                   "circuitBreaker": {"failureStatuses": [500, 503]}},
                  {"id": "none", "targets": [{"id": "t", "url": "http://h:1"}], "routes": [],
                   "circuitBreaker": {"failureStatuses": []}},
                  {"id": "bad", "targets": [{"id": "t", "url": "http://h:1"}], "routes": [],
                   "circuitBreaker": {"failureStatuses": [404]}}]}""");

        ResilienceSettings byDefault = config.option("default", ResilienceSettings.OPTION);
        assertEquals(ResilienceSettings.DEFAULT_FAILURE_STATUSES, byDefault.failureStatuses());
        assertTrue(byDefault.countsAsFailure(503));
        assertFalse(byDefault.countsAsFailure(500));
        assertEquals(Set.of(500, 503), config.option("named", ResilienceSettings.OPTION).failureStatuses());
        assertFalse(config.option("none", ResilienceSettings.OPTION).countsAsFailure(503));
        assertTrue(ResilienceSettings.DEFAULTS.countsAsFailure(502), "APIs without options count them too");
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("'bad'") && w.contains("404")),
                config.warnings().toString());
    }
}
