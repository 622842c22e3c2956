package io.gatehouse.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's OpenAPI document: read with swagger-parser (which also reports what is wrong with the document itself),
 * and kept as JSON so schemas can be generated from and validated against with their {@code $ref}s intact.
 */
public final class ApiDocument {

    private final JsonNode root;
    private final List<ApiOperation> operations;
    private final List<String> problems;

    private ApiDocument(JsonNode root, List<ApiOperation> operations, List<String> problems) {
        this.root = root;
        this.operations = operations;
        this.problems = problems;
    }

    /** Reads a document given as JSON. */
    public static ApiDocument parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        OpenAPI api = result.getOpenAPI();
        if (api == null) {
            throw new IllegalArgumentException("not an OpenAPI document: " + result.getMessages());
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ApiOperation> operations = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String m = method.name().toLowerCase();
            JsonNode opNode = root.path("paths").path(path).path(m);
            List<ApiOperation.Parameter> params = new ArrayList<>();
            List<Parameter> declared = new ArrayList<>();
            if (item.getParameters() != null) {
                declared.addAll(item.getParameters());
            }
            if (op.getParameters() != null) {
                declared.addAll(op.getParameters());
            }
            JsonNode rawParams = opNode.path("parameters");
            for (Parameter p : declared) {
                JsonNode schema = null;
                for (JsonNode raw : rawParams) {
                    if (p.getName().equals(raw.path("name").asText()) && p.getIn().equals(raw.path("in").asText())) {
                        schema = raw.get("schema");
                    }
                }
                params.add(new ApiOperation.Parameter(p.getName(), p.getIn(), Boolean.TRUE.equals(p.getRequired()) || "path".equals(p.getIn()),
                        schema == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : schema));
            }
            ApiOperation.Body body = null;
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                Content content = op.getRequestBody().getContent();
                for (String mediaType : content.keySet()) {
                    if (mediaType.contains("json")) {
                        JsonNode schema = opNode.path("requestBody").path("content").path(mediaType).get("schema");
                        body = new ApiOperation.Body(Boolean.TRUE.equals(op.getRequestBody().getRequired()), mediaType,
                                schema == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : schema);
                        break;
                    }
                }
            }
            Map<String, Map<String, JsonNode>> responses = new LinkedHashMap<>();
            opNode.path("responses").fields().forEachRemaining(r -> {
                Map<String, JsonNode> byType = new LinkedHashMap<>();
                r.getValue().path("content").fields().forEachRemaining(c -> byType.put(c.getKey(), c.getValue().get("schema")));
                responses.put(r.getKey(), byType);
            });
            operations.add(new ApiOperation(method.name(), path, op.getTags() == null ? List.of() : op.getTags(), params, body, responses));
        }));
        List<String> problems = result.getMessages() == null ? List.of() : List.copyOf(result.getMessages());
        return new ApiDocument(root, List.copyOf(operations), problems);
    }

    public JsonNode root() {
        return root;
    }

    public List<ApiOperation> operations() {
        return operations;
    }

    /** What swagger-parser found wrong with the document (empty for a sound one). */
    public List<String> problems() {
        return problems;
    }

    public boolean isOpenApi31() {
        return root.path("openapi").asText().startsWith("3.1");
    }

    /** The schema a {@code $ref} points to, followed until it is not a reference (at most 20 hops). */
    public JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 20 && s != null && s.has("$ref"); i++) {
            String ref = s.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            s = root.at(ref.substring(1));
            if (s.isMissingNode()) {
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
        }
        return s == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : s;
    }
}
