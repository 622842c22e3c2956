package io.gatehouse.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One operation of an OpenAPI document, as the fuzzer needs it: its parameters and request body with their JSON
 * schemas (still holding {@code $ref}s into the document) and its documented responses by status and media type.
 */
public record ApiOperation(String method, String path, List<String> tags, List<Parameter> parameters, Body body,
                           Map<String, Map<String, JsonNode>> responses) {

    /** A parameter in the path, query or a header. */
    public record Parameter(String name, String in, boolean required, JsonNode schema) {
    }

    /** A request body: the first JSON media type the operation accepts. */
    public record Body(boolean required, String mediaType, JsonNode schema) {
    }

    public String name() {
        return method + " " + path;
    }
}
