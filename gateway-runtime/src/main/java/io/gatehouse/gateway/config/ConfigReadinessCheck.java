package io.gatehouse.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a config is loaded; reports its {@code version} (tests and operators poll it). */
@Readiness
@ApplicationScoped
public class ConfigReadinessCheck implements HealthCheck {

    static final String NAME = "gateway-config";

    private final ActiveConfig active;

    public ConfigReadinessCheck(ActiveConfig active) {
        this.active = active;
    }

    @Override
    public HealthCheckResponse call() {
        ActiveConfig.Applied applied = active.applied();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME);
        if (applied == null) {
            return builder.down().withData("reason", "no config loaded yet").build();
        }
        return builder.up()
                .withData("version", applied.config().version())
                .withData("appliedAt", applied.appliedAt().toString())
                .build();
    }
}
