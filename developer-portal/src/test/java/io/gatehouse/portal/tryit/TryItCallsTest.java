package io.gatehouse.portal.tryit;

import io.gatehouse.portal.docs.ApiDoc;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TryItCallsTest {

    static final URI GATEWAY = URI.create("http://gateway.internal:8080");

    static ApiDoc.Parameter param(String name, String in, boolean required) {
        return new ApiDoc.Parameter(name, in, required, "string", null, null);
    }

    static ApiDoc.Operation op(String method, String path, List<ApiDoc.Parameter> params, ApiDoc.Body body) {
        return new ApiDoc.Operation(method, path, "a", null, null, false, params, body, List.of());
    }

    static TryItForm form(Map<String, String> path, Map<String, String> query, Map<String, String> headers, String body,
                          String contentType) {
        return new TryItForm("x", path, query, headers, body, contentType);
    }

    static TryItCalls.Built build(String route, ApiDoc.Operation op, TryItForm form) {
        return TryItCalls.build(GATEWAY, route, "X-Api-Key", op, form, 1024);
    }

    @Test
    void the_url_is_the_gateway_the_route_and_the_operation_path_with_each_parameter_encoded() {
        var op = op("GET", "/orders/{id}/lines/{line}", List.of(param("id", "path", true), param("line", "path", true),
                param("q", "query", false), param("empty", "query", false)), null);
        var built = build("/shop/", op, form(Map.of("id", "a/../../b", "line", "ü @x"), Map.of("q", "1&2=3"), Map.of(), null, null));
        assertEquals(List.of(), built.errors());
        assertEquals("http://gateway.internal:8080/shop/orders/a%2F..%2F..%2Fb/lines/%C3%BC%20%40x?q=1%262%3D3",
                built.call().uri().toString());
        assertEquals("GET", built.call().method());
        assertNull(built.call().body());
    }

    @Test
    void a_root_route_is_called_without_a_double_slash() {
        var built = build("/", op("GET", "/ping", List.of(), null), form(Map.of(), Map.of(), Map.of(), null, null));
        assertEquals("http://gateway.internal:8080/ping", built.call().uri().toString());
    }

    @Test
    void dot_segments_from_a_parameter_or_the_document_are_refused() {
        var op = op("GET", "/files/{name}", List.of(param("name", "path", true)), null);
        assertTrue(build("/f", op, form(Map.of("name", ".."), Map.of(), Map.of(), null, null)).errors().get(0).contains("cannot be"));
        assertTrue(build("/f", op, form(Map.of("name", "."), Map.of(), Map.of(), null, null)).errors().get(0).contains("cannot be"));
        var hostile = op("GET", "/../../admin", List.of(), null);
        assertNull(build("/f", hostile, form(Map.of(), Map.of(), Map.of(), null, null)).call());
        var encoded = op("GET", "/%2e%2e/admin", List.of(), null);
        assertNull(build("/f", encoded, form(Map.of(), Map.of(), Map.of(), null, null)).call());
    }

    @Test
    void a_document_path_cannot_name_another_host() {
        var op = op("GET", "//evil.example/x", List.of(), null);
        var built = build("", op, form(Map.of(), Map.of(), Map.of(), null, null));
        assertNull(built.call(), "an empty route is no route");
        var viaRoute = build("/api", op("GET", "@evil.example/x", List.of(), null), form(Map.of(), Map.of(), Map.of(), null, null));
        assertNull(viaRoute.call(), "a path must start with /");
    }

    @Test
    void required_parameters_must_be_filled() {
        var op = op("GET", "/o/{id}", List.of(param("id", "path", true), param("q", "query", true),
                param("X-Tenant", "header", true)), null);
        var built = build("/a", op, form(Map.of(), Map.of(), Map.of(), null, null));
        assertEquals(3, built.errors().size(), built.errors().toString());
    }

    @Test
    void headers_are_sent_as_documented_but_never_hop_by_hop_the_host_or_the_key_header() {
        var op = op("GET", "/h", List.of(param("X-Tenant", "header", false), param("Host", "header", false),
                param("Connection", "header", false), param("X-Api-Key", "header", false)), null);
        var built = build("/a", op, form(Map.of(), Map.of(), Map.of("X-Tenant", "t1", "Host", "evil.example",
                "Connection", "close", "X-Api-Key", "forged"), null, null));
        assertEquals(List.of(new TryItCall.Header("X-Tenant", "t1")), built.call().headers());
    }

    @Test
    void a_header_value_with_a_line_break_is_refused() {
        var op = op("GET", "/h", List.of(param("X-Tenant", "header", false)), null);
        var built = build("/a", op, form(Map.of(), Map.of(), Map.of("X-Tenant", "a\r\nX-Injected: 1"), null, null));
        assertNull(built.call());
        assertTrue(built.errors().get(0).contains("one line"));
    }

    @Test
    void a_body_goes_with_a_documented_content_type_and_within_the_size_limit() {
        var body = new ApiDoc.Body(true, null, List.of(new ApiDoc.Media("application/json", List.of(), List.of()),
                new ApiDoc.Media("text/plain", List.of(), List.of())));
        var op = op("POST", "/b", List.of(), body);
        var json = build("/a", op, form(Map.of(), Map.of(), Map.of(), "{\"a\":1}", null));
        assertEquals("{\"a\":1}", new String(json.call().body(), StandardCharsets.UTF_8));
        assertEquals(List.of(new TryItCall.Header("Content-Type", "application/json")), json.call().headers());
        var text = build("/a", op, form(Map.of(), Map.of(), Map.of(), "hi", "text/plain"));
        assertEquals(List.of(new TryItCall.Header("Content-Type", "text/plain")), text.call().headers());
        assertNull(build("/a", op, form(Map.of(), Map.of(), Map.of(), "hi", "text/html")).call(), "an undocumented type");
        assertNull(build("/a", op, form(Map.of(), Map.of(), Map.of(), "x".repeat(1025), null)).call(), "too large");
        assertNull(build("/a", op, form(Map.of(), Map.of(), Map.of(), "", null)).call(), "a required body");
    }

    @Test
    void encoding_keeps_only_unreserved_characters() {
        assertEquals("aZ09-._~", TryItCalls.encode("aZ09-._~"));
        assertEquals("%2F%3F%23%40%3A%25%20%2B", TryItCalls.encode("/?#@:% +"));
    }
}
