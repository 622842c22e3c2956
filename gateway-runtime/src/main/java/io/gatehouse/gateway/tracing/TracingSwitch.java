package io.gatehouse.gateway.tracing;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

import java.util.List;

/**
 * Decides {@code quarkus.otel.sdk.disabled} when nobody set it: the OpenTelemetry SDK runs only when an OTLP exporter
 * endpoint is configured ({@code quarkus.otel.exporter.otlp.endpoint} or {@code …otlp.traces.endpoint}, e.g. through
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}). Without one, a gateway would otherwise trace every request and try to
 * export to Quarkus' default {@code localhost:4317}. An explicit {@code quarkus.otel.sdk.disabled} always wins.
 *
 * <p>"Configured" means set by a real source (system property, environment, {@code .env}, an
 * {@code application.properties}); the extension's built-in defaults have ordinals below {@value #CONFIGURED_ORDINAL}.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.endpoint");
    /** The lowest ordinal of a source a person writes (microprofile-config.properties has 100). */
    static final int CONFIGURED_ORDINAL = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || configured(value)) {
            return value;
        }
        boolean endpoint = ENDPOINTS.stream().map(context::proceed).anyMatch(TracingSwitch::configured);
        String disabled = Boolean.toString(!endpoint);
        if (value != null) {
            return value.withValue(disabled);
        }
        return ConfigValue.builder().withName(name).withValue(disabled)
                .withConfigSourceName(TracingSwitch.class.getSimpleName()).build();
    }

    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() >= CONFIGURED_ORDINAL;
    }
}
