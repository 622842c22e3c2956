package io.gatehouse.gateway.policy.route;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
