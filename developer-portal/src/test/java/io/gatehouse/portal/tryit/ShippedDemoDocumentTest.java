package io.gatehouse.portal.tryit;

import io.gatehouse.portal.docs.ApiDoc;
import io.gatehouse.portal.docs.Markdown;
import io.gatehouse.portal.docs.OpenApiReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document the demo ships with ({@code tools/demo/openapi.yaml}, put on the demo API by
 * {@code tools/seed_demo.py}), read as the docs page reads it, and its operations turned into gateway calls as
 * try-it turns them: on the demo's route {@code /demo}, at the demo upstream's real paths.
 */
class ShippedDemoDocumentTest {

    static final URI GATEWAY = URI.create("http://127.0.0.1:8080");
    static final String DEMO_ROUTE = "/demo";

    static ApiDoc demo() throws IOException {
        Path file = Path.of("..", "tools", "demo", "openapi.yaml");
        return new OpenApiReader(new Markdown()).read(Files.readString(file, StandardCharsets.UTF_8));
    }

    static TryItCall call(ApiDoc doc, String operation, Map<String, String> path, Map<String, String> query,
                          String body, String contentType) {
        ApiDoc.Operation op = doc.operation(operation);
        assertNotNull(op, operation + " is in the shipped document");
        TryItCalls.Built built = TryItCalls.build(GATEWAY, DEMO_ROUTE, "X-Api-Key", op,
                new TryItForm(operation, path, query, Map.of(), body, contentType), 65536);
        assertEquals(List.of(), built.errors(), operation);
        return built.call();
    }

    @Test
    void lists_the_demo_upstreams_operations_and_the_api_key_in_the_x_api_key_header() throws IOException {
        ApiDoc doc = demo();
        List<String> operations = doc.tags().stream().flatMap(t -> t.operations().stream()).map(ApiDoc.Operation::key).toList();
        assertEquals(List.of("GET /echo", "POST /echo", "GET /status/{code}", "GET /delay/{ms}"), operations);
        assertEquals(1, doc.securitySchemes().size());
        assertTrue(doc.securitySchemes().get(0).summary().contains("X-Api-Key"), doc.securitySchemes().get(0).summary());
    }

    @Test
    void try_it_calls_each_operation_on_the_demo_route_at_the_gateway() throws IOException {
        ApiDoc doc = demo();
        assertEquals("http://127.0.0.1:8080/demo/echo?greeting=hello",
                call(doc, "GET /echo", Map.of(), Map.of("greeting", "hello"), null, null).uri().toString());
        TryItCall post = call(doc, "POST /echo", Map.of(), Map.of(), "{\"order\": 42}", "application/json");
        assertEquals("http://127.0.0.1:8080/demo/echo", post.uri().toString());
        assertEquals("{\"order\": 42}", new String(post.body(), StandardCharsets.UTF_8));
        assertEquals("http://127.0.0.1:8080/demo/status/418",
                call(doc, "GET /status/{code}", Map.of("code", "418"), Map.of(), null, null).uri().toString());
        assertEquals("http://127.0.0.1:8080/demo/delay/500",
                call(doc, "GET /delay/{ms}", Map.of("ms", "500"), Map.of(), null, null).uri().toString());
    }

    @Test
    void every_path_parameter_has_an_example_so_the_try_it_form_is_filled_in() throws IOException {
        for (ApiDoc.TagGroup tag : demo().tags()) {
            for (ApiDoc.Operation op : tag.operations()) {
                for (ApiDoc.Parameter p : op.parameters()) {
                    if (p.required()) {
                        assertNotNull(p.example(), op.key() + " parameter " + p.name());
                    }
                }
            }
        }
    }
}
