package io.gatehouse.management.console.options;

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
        api.authApiKeys = "true";
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
        GatewayOptions.Compose compose = new GatewayOptions.Compose(List.of(
                new GatewayOptions.ComposePart("user", "GET", "/me", 500, true)), null);
        GatewayOptions.RouteOptions storedRoute = new GatewayOptions.RouteOptions(null, null, null, null, null,
                compose, List.of("orders:read"));
        GatewayOptionForms.RouteOptionsForm route = new GatewayOptionForms.RouteOptionsForm();
        route.maxRetries = "2";
        route.requiredScopes = "orders:write";
        GatewayOptions.RouteOptions postedRoute = route.read(new OptionFields(), storedRoute);
        assertEquals(compose, postedRoute.compose(), "the composition is not in the form, so it is kept");
        assertEquals(List.of("orders:write"), postedRoute.requiredScopes(), "the scopes are in the form, so they are replaced");
        assertEquals(2, postedRoute.maxRetries());

        route.requiredScopes = " ";
        assertNull(route.read(new OptionFields(), storedRoute).requiredScopes(), "an emptied field clears the scopes");
    }

    @Test
    void token_auth_and_failure_statuses_show_as_text_and_read_back_to_the_same_options() {
        GatewayOptions.ApiOptions stored = new GatewayOptions.ApiOptions(null,
                new GatewayOptions.CircuitBreaker(null, null, List.of(500, 503)), null, null,
                new GatewayOptions.Auth(false, new GatewayOptions.Jwt("https://issuer.example",
                        "https://issuer.example/jwks", List.of("orders", "billing"), "client_id", 45)), null, null, null);
        Map<String, String> shown = GatewayOptionForms.show(stored);
        assertEquals("", shown.get("auth.apiKeys"), "API keys refused: the box is unticked");
        assertEquals("orders\nbilling", shown.get("auth.jwt.audiences"));
        assertEquals("500, 503", shown.get("circuitBreaker.failureStatuses"));

        GatewayOptionForms.ApiOptionsForm form = apiForm(shown);
        OptionFields f = new OptionFields();
        assertEquals(stored, form.read(f, stored));
        assertEquals(List.of(), f.errors());
    }

    @Test
    void saving_the_api_form_keeps_the_access_log_and_scrubbed_headers_only_the_admin_api_sets() {
        GatewayOptions.ApiOptions stored = new GatewayOptions.ApiOptions(null, null, null, null, null, null,
                new GatewayOptions.AccessLog(null, 0.1), List.of("Server"));

        GatewayOptions.ApiOptions posted = apiForm(GatewayOptionForms.show(stored)).read(new OptionFields(), stored);

        assertEquals(new GatewayOptions.AccessLog(null, 0.1), posted.accessLog());
        assertEquals(List.of("Server"), posted.scrubHeaders());
    }

    @Test
    void api_keys_ticked_and_an_empty_jwt_group_are_no_auth_and_shown_ticked_by_default() {
        assertEquals("true", GatewayOptionForms.show((GatewayOptions.ApiOptions) null).get("auth.apiKeys"));
        GatewayOptionForms.ApiOptionsForm form = new GatewayOptionForms.ApiOptionsForm();
        form.authApiKeys = "true";
        form.jwtAudiences = "\n \n";
        assertNull(form.read(new OptionFields(), null).auth());

        form.jwtIssuer = "https://issuer.example";
        GatewayOptions.ApiOptions withJwt = form.read(new OptionFields(), null);
        assertNull(withJwt.auth().apiKeys(), "ticked is the default, so it is left out");
        assertEquals("https://issuer.example", withJwt.auth().jwt().issuer());

        form.authApiKeys = null;
        assertEquals(Boolean.FALSE, form.read(new OptionFields(), null).auth().apiKeys());
    }

    @Test
    void a_jwt_group_filled_in_part_names_each_missing_field() {
        GatewayOptionForms.ApiOptionsForm form = new GatewayOptionForms.ApiOptionsForm();
        form.authApiKeys = "true";
        form.jwtClockSkewSeconds = "soon";
        OptionFields f = new OptionFields();
        form.read(f, null);
        assertEquals(List.of("auth.jwt.clockSkewSeconds", "auth.jwt.issuer", "auth.jwt.jwksUrl", "auth.jwt.audiences"),
                f.errors().stream().map(Problem.FieldError::field).toList());
        assertEquals("soon", f.typed().get("auth.jwt.clockSkewSeconds"));
    }

    @Test
    void failure_statuses_are_numbers_or_none_and_a_word_is_named() {
        OptionFields f = new OptionFields();
        assertEquals(List.of(502, 504), f.statuses("circuitBreaker.failureStatuses", "502, 504"));
        assertEquals(List.of(), f.statuses("circuitBreaker.failureStatuses", " None "));
        assertNull(f.statuses("circuitBreaker.failureStatuses", " "));
        assertEquals(List.of(), f.errors());
        f.statuses("circuitBreaker.failureStatuses", "502 bad");
        assertEquals(List.of(new Problem.FieldError("circuitBreaker.failureStatuses",
                "bad is not a status: write numbers like 502, 503, or none")), f.errors());
        assertEquals("none", GatewayOptionForms.show(new GatewayOptions.ApiOptions(null,
                new GatewayOptions.CircuitBreaker(null, null, List.of()), null, null, null, null, null, null)).get("circuitBreaker.failureStatuses"));
    }

    @Test
    void required_scopes_are_separated_by_spaces_or_lines_and_keep_their_commas() {
        OptionFields f = new OptionFields();
        assertEquals(List.of("orders:read", "a,b", "openid"), f.words("requiredScopes", " orders:read a,b\n\nopenid "));
        assertNull(f.words("requiredScopes", " \n "));
        assertEquals("orders:read a,b", GatewayOptionForms.show(new GatewayOptions.RouteOptions(null, null, null, null,
                null, null, List.of("orders:read", "a,b"))).get("requiredScopes"));
    }

    private static GatewayOptionForms.ApiOptionsForm apiForm(Map<String, String> v) {
        GatewayOptionForms.ApiOptionsForm form = new GatewayOptionForms.ApiOptionsForm();
        form.breakerFailureThreshold = v.get("circuitBreaker.failureThreshold");
        form.breakerOpenMs = v.get("circuitBreaker.openMs");
        form.breakerFailureStatuses = v.get("circuitBreaker.failureStatuses");
        form.authApiKeys = v.get("auth.apiKeys");
        form.jwtIssuer = v.get("auth.jwt.issuer");
        form.jwtJwksUrl = v.get("auth.jwt.jwksUrl");
        form.jwtAudiences = v.get("auth.jwt.audiences");
        form.jwtApplicationClaim = v.get("auth.jwt.applicationClaim");
        form.jwtClockSkewSeconds = v.get("auth.jwt.clockSkewSeconds");
        return form;
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
