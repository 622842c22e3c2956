package io.gatehouse.management.apis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and writes the {@code gateway_options} JSONB columns. Only validated {@link GatewayOptions}
 * are written, so reading them back cannot fail on content written by this service.
 */
final class StoredOptions {

    // A private mapper: the stored shape must not change with the REST layer's Jackson settings.
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StoredOptions() {
    }

    static String write(Object options) {
        try {
            return options == null ? null : JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("gateway options not serializable", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored gateway options unreadable", e);
        }
    }
}
