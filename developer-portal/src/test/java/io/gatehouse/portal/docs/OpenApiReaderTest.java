package io.gatehouse.portal.docs;

import io.gatehouse.portal.catalog.PaymentsDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiReaderTest {

    private final OpenApiReader reader = new OpenApiReader(new Markdown());

    @Test
    void reads_a_yaml_document_into_operations_grouped_by_tag_in_the_documents_order() {
        ApiDoc doc = reader.read(PaymentsDocument.YAML);
        assertEquals("Payments", doc.title());
        assertEquals(List.of("Charges", "Refunds"), doc.tags().stream().map(ApiDoc.TagGroup::name).toList());
        assertEquals(List.of("GET", "POST"), doc.tags().get(0).operations().stream().map(ApiDoc.Operation::method).toList());
    }

    @Test
    void reads_a_json_document_and_groups_untagged_operations_together() {
        ApiDoc doc = reader.read("""
                {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                 "paths": {"/ping": {"get": {"responses": {"204": {"description": "pong"}}}}}}
                """);
        assertEquals("Other operations", doc.tags().get(0).name());
        assertEquals("204", doc.tags().get(0).operations().get(0).responses().get(0).status());
    }

    @Test
    void a_recursive_schema_is_outlined_once_and_then_referenced() {
        ApiDoc doc = reader.read(PaymentsDocument.YAML);
        List<ApiDoc.SchemaLine> outline = doc.tags().get(0).operations().get(1).requestBody().media().get(0).schema();
        assertTrue(outline.size() < OpenApiReader.MAX_SCHEMA_LINES, "outline size " + outline.size());
        assertTrue(outline.stream().anyMatch(l -> l.type().equals("Charge (see above)")));
    }

    @Test
    void a_self_referencing_array_schema_ends() {
        ApiDoc doc = reader.read("""
                openapi: 3.1.0
                info: {title: T, version: '1'}
                components:
                  schemas:
                    Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}
                    Loop: {$ref: '#/components/schemas/Loop'}
                paths:
                  /tree:
                    get:
                      responses:
                        '200':
                          content:
                            application/json: {schema: {$ref: '#/components/schemas/Tree'}}
                            text/plain: {schema: {$ref: '#/components/schemas/Loop'}}
                """);
        List<ApiDoc.Media> media = doc.tags().get(0).operations().get(0).responses().get(0).media();
        assertEquals("Tree (array of Tree)", media.get(0).schema().get(0).type());
        assertFalse(media.get(1).schema().isEmpty());
    }

    @Test
    void swagger_2_yaml_that_is_not_yaml_and_a_scalar_are_unreadable() {
        assertThrows(OpenApiReader.UnreadableDocument.class, () -> reader.read("{\"swagger\": \"2.0\"}"));
        assertThrows(OpenApiReader.UnreadableDocument.class, () -> reader.read("openapi: [3.0\n  info: :"));
        assertThrows(OpenApiReader.UnreadableDocument.class, () -> reader.read("just text"));
        assertThrows(OpenApiReader.UnreadableDocument.class, () -> reader.read(" "));
    }

    @Test
    void markdown_keeps_basic_formatting_and_drops_script_handlers_and_non_http_links() {
        String html = new Markdown().toHtml("""
                *fine* [ok](http://example.com) [bad](javascript:alert(1)) [data](data:text/html,x)
                <script>alert(1)</script><img src=x onerror=alert(2)><b onmouseover="x()">b</b><style>p{}</style>
                """).toString();
        assertTrue(html.contains("<em>fine</em>"), html);
        assertTrue(html.contains("href=\"http://example.com\""), html);
        assertFalse(html.contains("javascript"), html);
        assertFalse(html.contains("data:"), html);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("onmouseover"), html);
        assertFalse(html.contains("<style"), html);
    }
}
