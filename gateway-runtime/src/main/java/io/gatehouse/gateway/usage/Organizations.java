package io.gatehouse.gateway.usage;

import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.pipeline.ExchangeConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The organization each application of one snapshot belongs to, for usage events. */
public final class Organizations {

    /** The organizations of a config; none known when there are none. */
    public static final ExchangeConfig.Part<Organizations> PART =
            new ExchangeConfig.Part<>("organizations", new Organizations(Map.of()));

    private final Map<String, String> byApplication;

    private Organizations(Map<String, String> byApplication) {
        this.byApplication = Map.copyOf(byApplication);
    }

    public static Organizations of(List<Snapshot.Application> applications) {
        Map<String, String> byApplication = new HashMap<>();
        for (Snapshot.Application app : applications) {
            if (app.id() != null && !app.id().isBlank() && app.organizationId() != null
                    && !app.organizationId().isBlank()) {
                byApplication.put(app.id(), app.organizationId());
            }
        }
        return new Organizations(byApplication);
    }

    /** The organization an application belongs to, or {@code null} if unknown. */
    public String of(String applicationId) {
        return applicationId == null ? null : byApplication.get(applicationId);
    }
}
