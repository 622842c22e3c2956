package io.gatehouse.billing.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Says in {@code /q/openapi} what the JSON says on the wire: a field that is not required may be {@code null}
 * (no latency in an hour without traffic, no plan for usage outside any subscription). The generated
 * document typed such fields as plain strings and objects, so every answer holding a {@code null} broke its own
 * schema. A referenced or enumerated field becomes {@code anyOf: [the field, null]}; any other gains the type
 * {@code null}.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class NullableFields implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : openAPI.getComponents().getSchemas().values()) {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null) {
                continue;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            for (Map.Entry<String, Schema> property : new ArrayList<>(properties.entrySet())) {
                if (!required.contains(property.getKey())) {
                    schema.addProperty(property.getKey(), nullable(property.getValue()));
                }
            }
        }
    }

    private static Schema nullable(Schema field) {
        List<Schema.SchemaType> types = field.getType();
        if (types != null && types.contains(Schema.SchemaType.NULL)) {
            return field;
        }
        if (field.getRef() != null || field.getEnumeration() != null) {
            Schema wrapper = OASFactory.createSchema()
                    .anyOf(List.of(field, OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
            if (field.getDescription() != null) {
                wrapper.description(field.getDescription());
            }
            return wrapper;
        }
        if (types != null && !types.isEmpty()) {
            field.addType(Schema.SchemaType.NULL);
        }
        return field;
    }
}
