package io.gatehouse.portal.docs;

import io.quarkus.qute.RawString;

import java.util.List;

/**
 * An OpenAPI document as the documentation page shows it. Every {@link RawString} is sanitized
 * HTML from {@link Markdown}; every other text is plain and escaped by Qute.
 */
public record ApiDoc(String title, String openapiVersion, RawString description, List<Server> servers,
                     List<SecurityScheme> securitySchemes, List<TagGroup> tags) {

    /** The operation with this {@link Operation#key()}, or null. */
    public Operation operation(String key) {
        return tags.stream().flatMap(t -> t.operations().stream()).filter(o -> o.key().equals(key)).findFirst().orElse(null);
    }

    public record Server(String url, RawString description) {
    }

    /** How the document says callers authenticate, e.g. "API key in the header X-Api-Key". */
    public record SecurityScheme(String name, String summary, RawString description) {
    }

    public record TagGroup(String name, String anchor, RawString description, List<Operation> operations) {
    }

    public record Operation(String method, String path, String anchor, String summary, RawString description,
                            boolean deprecated, List<Parameter> parameters, Body requestBody, List<Reply> responses) {

        /** "METHOD /path" as in the document: how the try-it form names the operation. */
        public String key() {
            return method + " " + path;
        }
    }

    public record Parameter(String name, String in, boolean required, String type, RawString description,
                            String example) {
    }

    public record Body(boolean required, RawString description, List<Media> media) {

        /** The first example of the first media type that has one, or "": the try-it body to start from. */
        public String firstExample() {
            return media.stream().flatMap(m -> m.examples().stream()).map(Example::value).findFirst().orElse("");
        }
    }

    public record Reply(String status, RawString description, List<Media> media) {
    }

    public record Media(String type, List<SchemaLine> schema, List<Example> examples) {
    }

    public record Example(String name, String value) {
    }

    /**
     * One line of a schema outline: a property at a nesting depth (0 is the schema itself).
     * {@code description} is plain text.
     */
    public record SchemaLine(int depth, String name, String type, boolean required, String description) {

        /** The CSS class that indents the line; deeper lines share the last step. */
        public String indent() {
            return "depth-" + Math.min(depth, OpenApiReader.MAX_SCHEMA_DEPTH);
        }
    }
}
