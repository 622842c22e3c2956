package io.gatehouse.management.problem;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;

/**
 * How every JSON body is read, once for all fields:
 * <ul>
 *   <li>an object naming a field twice is refused ({@code {"a":1,"a":2}}: parsers disagree on which wins);</li>
 *   <li>{@code null} inside a list or map is refused ({@code "methods": [null]} was stored as {@code "null"});</li>
 *   <li>every string meets {@link ClientInput#textRefusal} (no NUL or other control characters);</li>
 *   <li>every instant meets {@link ClientInput#storable} (years 0001 to 9999);</li>
 *   <li>a value has the JSON type its field has: no number or boolean where a string goes ({@code "name": 645}),
 *       no string where a number, boolean or enum goes ({@code "limit": "10"}) except an exact decimal
 *       ({@code "flatFee": "49.90"}), no number for an enum. Jackson
 *       coerces these by default, which accepts what the OpenAPI document forbids.</li>
 * </ul>
 * Applies to every mapper Quarkus makes, so also to what this service reads from billing.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        // Money is an exact decimal, and clients send it as text ("49.90") so no binary float rounds it on the way.
        mapper.coercionConfigFor(java.math.BigDecimal.class).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        SimpleModule rules = new SimpleModule("gatehouse-client-input");
        rules.addDeserializer(String.class, new CheckedString());
        rules.addDeserializer(Instant.class, new CheckedInstant());
        rules.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription description, JsonDeserializer<?> deserializer) {
                return new ExactEnum(deserializer);
            }
        });
        mapper.registerModule(rules);
    }

    @Override
    public int priority() {
        // After Quarkus' own modules (JavaTimeModule), so that these deserializers win.
        return MINIMUM_PRIORITY;
    }

    static final class CheckedString extends StdScalarDeserializer<String> {
        CheckedString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != null && p.currentToken().isScalarValue() && !p.hasToken(JsonToken.VALUE_STRING)) {
                throw MismatchedInputException.from(p, String.class, "must be a JSON string, not " + p.currentToken());
            }
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String refusal = ClientInput.textRefusal(value);
            if (refusal != null) {
                throw new RefusedValue(p, refusal);
            }
            return value;
        }
    }

    /**
     * An enum is one of its codes exactly: Jackson tries the trimmed text when nothing matches, and
     * {@code String.trim()} also drops NUL and other control characters, so {@code "suspended\u0000"} was read as
     * {@code suspended}.
     */
    static final class ExactEnum extends DelegatingDeserializer {
        ExactEnum(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ExactEnum(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (!text.equals(text.trim())) {
                    throw new RefusedValue(p, "must be one of the listed values exactly, without spaces or control characters");
                }
            }
            return super.deserialize(p, ctxt);
        }
    }

    static final class CheckedInstant extends StdScalarDeserializer<Instant> {
        CheckedInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Instant value = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (value != null && !ClientInput.storable(value)) {
                throw new RefusedValue(p, ClientInput.INSTANT_RANGE);
            }
            return value;
        }
    }
}
