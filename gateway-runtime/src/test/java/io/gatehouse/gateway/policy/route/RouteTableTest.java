package io.gatehouse.gateway.policy.route;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteTableTest {

    private static Route route(String id, String prefix, String host, String... methods) {
        return new Route(id, "api-" + id, Route.normalizePrefix(prefix), host, Set.of(methods), true, 1000, 1000);
    }

    private static String matchedId(RouteTable table, String method, String host, String path) {
        RouteMatch match = table.match(method, host, path);
        return match instanceof RouteMatch.Found found ? found.route().id() : null;
    }

    @Test
    void picks_the_longest_matching_prefix() {
        RouteTable table = RouteTable.of(List.of(route("short", "/demo", null), route("long", "/demo/v2", null)));

        assertEquals("long", matchedId(table, "GET", null, "/demo/v2/items"));
        assertEquals("long", matchedId(table, "GET", null, "/demo/v2"));
        assertEquals("short", matchedId(table, "GET", null, "/demo/v1/items"));
        assertEquals("short", matchedId(table, "GET", null, "/demo"));
    }

    @Test
    void matches_a_prefix_only_at_a_slash_boundary() {
        RouteTable table = RouteTable.of(List.of(route("demo", "/demo", null)));

        assertEquals("demo", matchedId(table, "GET", null, "/demo/"));
        assertEquals("demo", matchedId(table, "GET", null, "/demo/x"));
        assertNull(matchedId(table, "GET", null, "/demox"));
        assertNull(matchedId(table, "GET", null, "/dem"));
        assertNull(matchedId(table, "GET", null, "/"));
    }

    @Test
    void a_trailing_slash_in_the_configured_prefix_changes_nothing() {
        RouteTable table = RouteTable.of(List.of(route("demo", "/demo/", null)));

        assertEquals("demo", matchedId(table, "GET", null, "/demo"));
        assertNull(matchedId(table, "GET", null, "/demox"));
    }

    @Test
    void the_root_prefix_catches_everything_else() {
        RouteTable table = RouteTable.of(List.of(route("root", "/", null), route("demo", "/demo", null)));

        assertEquals("root", matchedId(table, "GET", null, "/anything/else"));
        assertEquals("root", matchedId(table, "GET", null, "/"));
        assertEquals("demo", matchedId(table, "GET", null, "/demo/x"));
    }

    @Test
    void a_host_bound_route_matches_only_its_host_and_wins_over_any_host() {
        RouteTable table = RouteTable.of(List.of(
                route("any", "/demo", null), route("partner", "/demo", "api.partner.example")));

        assertEquals("partner", matchedId(table, "GET", "api.partner.example", "/demo/x"));
        assertEquals("any", matchedId(table, "GET", "other.example", "/demo/x"));
        assertEquals("any", matchedId(table, "GET", null, "/demo/x"));
    }

    @Test
    void a_host_bound_route_alone_does_not_match_other_hosts() {
        RouteTable table = RouteTable.of(List.of(route("partner", "/demo", "api.partner.example")));

        assertInstanceOf(RouteMatch.NotFound.class, table.match("GET", "other.example", "/demo"));
    }

    @Test
    void a_path_match_with_the_wrong_method_is_405_with_the_allowed_methods() {
        RouteTable table = RouteTable.of(List.of(route("read", "/demo", null, "GET", "HEAD")));

        RouteMatch match = table.match("DELETE", null, "/demo/1");

        assertEquals(new RouteMatch.MethodNotAllowed(Set.of("GET", "HEAD")), match);
        assertEquals("read", matchedId(table, "HEAD", null, "/demo/1"));
    }

    @Test
    void a_shorter_prefix_accepting_the_method_wins_over_a_longer_one_that_does_not() {
        RouteTable table = RouteTable.of(List.of(route("all", "/demo", null), route("read", "/demo/admin", null, "GET")));

        assertEquals("all", matchedId(table, "POST", null, "/demo/admin/x"));
        assertEquals("read", matchedId(table, "GET", null, "/demo/admin/x"));
    }

    @Test
    void strips_the_prefix_only_when_asked() {
        Route strip = route("s", "/demo", null);
        Route keep = new Route("k", "api", "/demo", null, Set.of(), false, 1, 1);

        assertEquals("/x/y", strip.forwardPath("/demo/x/y"));
        assertEquals("", strip.forwardPath("/demo"));
        assertEquals("/demo/x", keep.forwardPath("/demo/x"));
        assertEquals("/x", route("root", "/", null).forwardPath("/x"));
    }

    @Test
    void reads_the_host_without_port_in_lower_case() {
        assertEquals("api.example", RouteTable.hostWithoutPort("API.Example:8080"));
        assertEquals("api.example", RouteTable.hostWithoutPort("api.example"));
        assertEquals("[::1]", RouteTable.hostWithoutPort("[::1]:8080"));
        assertNull(RouteTable.hostWithoutPort(null));
    }

    private static Route conditioned(String id, String prefix, int position, List<HeaderCondition> headers,
                                     PathRewrite rewrite, String... methods) {
        return new Route(id, "api-" + id, Route.normalizePrefix(prefix), null, Set.of(methods), false, 1000, 1000,
                null, headers, position, rewrite);
    }

    private static MultiMap headers(String... nameValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }

    private static String matchedId(RouteTable table, String method, String path, MultiMap headers) {
        RouteMatch match = table.match(method, null, path, headers);
        return match instanceof RouteMatch.Found found ? found.route().id() : null;
    }

    @Test
    void a_header_condition_chooses_between_routes_of_the_same_prefix() {
        RouteTable table = RouteTable.of(List.of(
                conditioned("plain", "/shop", 1, List.of(), null),
                conditioned("beta", "/shop", 0, List.of(new HeaderCondition("X-Variant", "beta")), null)));

        assertEquals("beta", matchedId(table, "GET", "/shop/cart", headers("x-variant", "beta")));
        assertEquals("beta", matchedId(table, "GET", "/shop/cart", headers("X-VARIANT", "beta")));
        assertEquals("plain", matchedId(table, "GET", "/shop/cart", headers("X-Variant", "Beta")));
        assertEquals("plain", matchedId(table, "GET", "/shop/cart", headers()));
        assertEquals("beta", matchedId(table, "GET", "/shop/cart", headers("X-Variant", "alpha", "X-Variant", "beta")));
    }

    @Test
    void a_condition_without_value_asks_only_that_the_header_is_present_and_all_conditions_must_hold() {
        RouteTable table = RouteTable.of(List.of(conditioned("debug", "/shop", 0,
                List.of(new HeaderCondition("X-Debug", null), new HeaderCondition("X-Tenant", "acme")), null)));

        assertEquals("debug", matchedId(table, "GET", "/shop", headers("X-Debug", "", "X-Tenant", "acme")));
        assertNull(matchedId(table, "GET", "/shop", headers("X-Debug", "1")));
        assertNull(matchedId(table, "GET", "/shop", headers("X-Tenant", "acme")));
        assertNull(matchedId(table, "GET", null, "/shop"));
    }

    @Test
    void the_lower_position_wins_among_routes_of_one_prefix_and_host_is_stronger_than_position() {
        Route hosted = new Route("hosted", "api", "/p", "api.example", Set.of(), false, 1, 1, null, List.of(), 5, null);
        RouteTable table = RouteTable.of(List.of(conditioned("second", "/p", 1, List.of(), null),
                conditioned("first", "/p", 0, List.of(), null), hosted));

        assertEquals("first", matchedId(table, "GET", null, "/p/x"));
        assertEquals("hosted", matchedId(table, "GET", "api.example", "/p/x"));
    }

    @Test
    void a_route_limited_to_methods_goes_before_one_for_every_method_at_the_same_position() {
        RouteTable table = RouteTable.of(List.of(conditioned("any", "/m", 0, List.of(), null),
                conditioned("posts", "/m", 0, List.of(), null, "POST")));

        assertEquals("posts", matchedId(table, "POST", null, "/m"));
        assertEquals("any", matchedId(table, "GET", null, "/m"));
    }

    @Test
    void a_route_whose_headers_do_not_hold_adds_nothing_to_a_405() {
        RouteTable table = RouteTable.of(List.of(
                conditioned("beta-post", "/w", 0, List.of(new HeaderCondition("X-Variant", "beta")), null, "POST"),
                conditioned("get", "/w", 1, List.of(), null, "GET")));

        RouteMatch match = table.match("PUT", null, "/w", headers());
        assertEquals(Set.of("GET"), assertInstanceOf(RouteMatch.MethodNotAllowed.class, match).allowed());
    }

    @Test
    void a_preflight_lookup_ignores_header_conditions() {
        RouteTable table = RouteTable.of(List.of(
                conditioned("beta", "/shop", 0, List.of(new HeaderCondition("X-Variant", "beta")), null)));

        assertInstanceOf(RouteMatch.NotFound.class, table.match("GET", null, "/shop", headers()));
        assertEquals("beta", ((RouteMatch.Found) table.matchIgnoringHeaders("GET", null, "/shop")).route().id());
    }

    @Test
    void a_rewrite_replaces_the_path_after_the_prefix_and_leaves_a_path_it_does_not_match_without_the_prefix() {
        Route route = conditioned("rw", "/orders", 0, List.of(), PathRewrite.of("/(\\d+)/items", "/v2/orders/$1/lines"));
        Route root = conditioned("root", "/", 0, List.of(), PathRewrite.of("/old/(.*)", "new/$1"));

        assertEquals("/v2/orders/42/lines", route.forwardPath("/orders/42/items"));
        assertEquals("/abc/items", route.forwardPath("/orders/abc/items"));
        assertEquals("", route.forwardPath("/orders"));
        assertEquals("/new/a/b", root.forwardPath("/old/a/b"));
    }

    @Test
    void a_rewrite_that_cannot_work_is_refused_when_the_snapshot_is_compiled() {
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.of("/(unclosed", "/x"));
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.of("/(\\d+)", "/x/$2"));
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.of("/(.*)", "/x?q=$1"));
    }
}
