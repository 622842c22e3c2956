package io.gatehouse.gateway.tracing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracingSwitchTest {

    /** Config as Quarkus builds it: the extension's defaults, then what an operator set (ordinal 300, like env). */
    private static boolean sdkDisabled(Map<String, String> set) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new TracingSwitch())
                .withDefaultValue("quarkus.otel.sdk.disabled", "false")
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")
                .withSources(new PropertiesConfigSource(set, "env", 300))
                .build();
        return config.getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }

    @Test
    void keeps_the_sdk_off_while_no_exporter_endpoint_is_configured() {
        assertTrue(sdkDisabled(Map.of()), "Quarkus' default endpoint does not count");
        assertTrue(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", " ")));
    }

    @Test
    void switches_the_sdk_on_when_an_endpoint_is_configured() {
        assertFalse(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertFalse(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces")));
    }

    @Test
    void an_explicit_setting_always_wins() {
        assertTrue(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true")));
        assertFalse(sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "false")));
    }
}
