package io.gatehouse.management.console;

import io.gatehouse.management.apis.GatewayOptions;
import io.gatehouse.management.problem.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OptionFieldsTest {

    @Test
    void a_word_in_a_number_field_is_an_error_at_that_field_and_what_was_typed_is_kept() {
        OptionFields f = new OptionFields();
        assertNull(f.integer("healthCheck.timeoutMs", "soon"));
        assertEquals(List.of(new Problem.FieldError("healthCheck.timeoutMs", "must be a whole number")), f.errors());
        assertEquals("soon", f.typed().get("healthCheck.timeoutMs"));
    }

    @Test
    void header_lines_become_names_and_values_and_a_line_without_colon_or_a_name_twice_is_named() {
        OptionFields f = new OptionFields();
        assertEquals(Map.of("X-Env", "test", "X-Url", "http://a:1"),
                f.headers("requestHeaders.set", "X-Env: test\n\n X-Url: http://a:1 "));
        assertEquals(List.of(), f.errors());
        f.headers("requestHeaders.add", "X-A: 1\nno colon here\nX-A: 2");
        assertEquals(List.of(
                new Problem.FieldError("requestHeaders.add", "line 2: write one header per line as Name: value"),
                new Problem.FieldError("requestHeaders.add", "line 3: X-A is given twice")), f.errors());
    }

    @Test
    void empty_lists_are_absent_so_the_gateway_default_applies() {
        OptionFields f = new OptionFields();
        assertNull(f.lines("ipAccess.allow", " \n \n"));
        assertNull(f.list("cors.allowedMethods", " , "));
        assertEquals(List.of("GET", "POST"), f.list("cors.allowedMethods", "GET, POST"));
    }

    @Test
    void stored_options_show_as_the_same_text_a_person_would_type() {
        GatewayOptions.RouteOptions stored = new GatewayOptions.RouteOptions(1024L,
                new GatewayOptions.HeaderEdits(List.of("Server"), Map.of("X-Env", "test"), null), null, 0,
                new GatewayOptions.Cache(60L, true, null));
        Map<String, String> shown = GatewayOptionForms.show(stored);
        assertEquals("1024", shown.get("maxRequestBodyBytes"));
        assertEquals("Server", shown.get("requestHeaders.remove"));
        assertEquals("X-Env: test", shown.get("requestHeaders.set"));
        assertEquals("true", shown.get("cache.enabled"));
        assertEquals("true", shown.get("cache.perConsumer"));
        assertNull(shown.get("cache.maxEntryBytes"));
    }

    @Test
    void settings_typed_under_an_unticked_box_are_an_error_not_silently_dropped() {
        GatewayOptionForms.ApiOptionsForm api = new GatewayOptionForms.ApiOptionsForm();
        api.healthCheckIntervalMs = "2000";
        OptionFields f = new OptionFields();
        assertNull(api.read(f, null).healthCheck());
        assertEquals(List.of(new Problem.FieldError("healthCheck.enabled",
                "tick this to use the health check settings below, or clear them")), f.errors());

        GatewayOptionForms.RouteOptionsForm route = new GatewayOptionForms.RouteOptionsForm();
        route.cacheTtlSeconds = "60";
        OptionFields g = new OptionFields();
        assertNull(route.read(g, null).cache());
        assertEquals("cache.enabled", g.errors().get(0).field());

        route.cacheEnabled = "true";
        OptionFields h = new OptionFields();
        assertEquals(60L, route.read(h, null).cache().ttlSeconds());
        assertEquals(List.of(), h.errors());
    }

    @Test
    void saving_a_form_keeps_the_settings_only_the_admin_api_sets() {
        GatewayOptions.Auth auth = new GatewayOptions.Auth(false, new GatewayOptions.Jwt("https://issuer.example",
                "https://issuer.example/jwks", List.of("orders"), "azp", 30));
        GatewayOptions.ApiOptions storedApi = new GatewayOptions.ApiOptions(null,
                new GatewayOptions.CircuitBreaker(5, 10_000, List.of(503)), null, null, auth);
        GatewayOptionForms.ApiOptionsForm api = new GatewayOptionForms.ApiOptionsForm();
        api.breakerFailureThreshold = "3";
        GatewayOptions.ApiOptions postedApi = api.read(new OptionFields(), storedApi);
        assertEquals(auth, postedApi.auth());
        assertEquals(List.of(503), postedApi.circuitBreaker().failureStatuses());
        assertEquals(3, postedApi.circuitBreaker().failureThreshold());

        GatewayOptions.Compose compose = new GatewayOptions.Compose(List.of(
                new GatewayOptions.ComposePart("user", "GET", "/me", 500, true)), null);
        GatewayOptions.RouteOptions storedRoute = new GatewayOptions.RouteOptions(null, null, null, null, null,
                compose, List.of("orders:read"));
        GatewayOptionForms.RouteOptionsForm route = new GatewayOptionForms.RouteOptionsForm();
        route.maxRetries = "2";
        GatewayOptions.RouteOptions postedRoute = route.read(new OptionFields(), storedRoute);
        assertEquals(compose, postedRoute.compose());
        assertEquals(List.of("orders:read"), postedRoute.requiredScopes());
        assertEquals(2, postedRoute.maxRetries());
    }

    @Test
    void an_error_on_one_entry_is_shown_at_its_field_saying_which_entry() {
        OptionsForm form = new OptionsForm("api-", true, Map.of(), List.of(
                new Problem.FieldError("cors.allowedOrigins[1]", "must be * or scheme://host[:port]"),
                new Problem.FieldError("requestHeaders.set.Host", "Host is managed by the gateway"),
                new Problem.FieldError("cors.allowedOrigins", "size must be between 1 and 100")));
        assertEquals("entry 2: must be * or scheme://host[:port]; size must be between 1 and 100",
                form.error("cors.allowedOrigins"));
        assertEquals("Host: Host is managed by the gateway", form.error("requestHeaders.set"));
        assertNull(form.error("cors.allowedMethods"));
    }
}
