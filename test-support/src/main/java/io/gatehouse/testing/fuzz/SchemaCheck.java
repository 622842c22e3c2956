package io.gatehouse.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON values against schemas of one OpenAPI document with the networknt validator, formats asserted
 * ({@code date-time}, {@code uuid}, … must be what they say). {@code $ref}s into {@code #/components} resolve
 * because each schema is validated with the document's components beside it.
 */
public final class SchemaCheck {

    private final ApiDocument document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<JsonNode, JsonSchema> compiled = new IdentityHashMap<>();

    public SchemaCheck(ApiDocument document) {
        this.document = document;
        if (document.isOpenApi31()) {
            factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    b -> b.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
        } else {
            factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                    b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
        }
        config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    }

    /** The ways {@code value} breaks {@code schema}; empty when it conforms. */
    public synchronized List<String> violations(JsonNode schema, JsonNode value) {
        JsonSchema s = compiled.computeIfAbsent(schema, this::compile);
        Set<ValidationMessage> messages = s.validate(value);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private JsonSchema compile(JsonNode schema) {
        ObjectNode wrapper;
        if (schema.isObject()) {
            wrapper = ((ObjectNode) schema).deepCopy();
        } else {
            wrapper = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (document.root().has("components")) {
            wrapper.set("components", document.root().get("components"));
        }
        return factory.getSchema(wrapper, config);
    }
}
