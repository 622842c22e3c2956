package io.gatehouse.gateway.policy.jwt;

import io.gatehouse.gateway.config.Snapshot;
import io.gatehouse.gateway.pipeline.ExchangeConfig;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which application each OAuth client id of one snapshot belongs to: what a bearer token is charged to. */
public final class ClientApplications {

    /** The client ids of a config; none when there are none. */
    public static final ExchangeConfig.Part<ClientApplications> PART =
            new ExchangeConfig.Part<>("client-ids", new ClientApplications(Map.of()));

    private final Map<String, String> applicationByClient;

    private ClientApplications(Map<String, String> applicationByClient) {
        this.applicationByClient = Map.copyOf(applicationByClient);
    }

    /**
     * OAuth client id → application. A client id claimed by two applications maps to neither (a token must never
     * be charged to the wrong one); management's unique constraint makes that a broken snapshot, not a normal case.
     */
    public static ClientApplications of(List<Snapshot.Application> applications, List<String> warnings) {
        Map<String, String> byClient = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (Snapshot.Application app : applications) {
            if (app.id() == null || app.id().isBlank() || app.oauthClientId() == null || app.oauthClientId().isBlank()) {
                continue;
            }
            String previous = byClient.putIfAbsent(app.oauthClientId(), app.id());
            if (previous != null && !previous.equals(app.id())) {
                ambiguous.add(app.oauthClientId());
                warnings.add("oauthClientId of application " + app.id() + " skipped: application " + previous
                        + " has the same one; tokens of that client are refused");
            }
        }
        ambiguous.forEach(byClient::remove);
        return new ClientApplications(byClient);
    }

    /** The application whose OAuth client id is {@code clientId}, or {@code null} if no active application has it. */
    public String applicationFor(String clientId) {
        return clientId == null ? null : applicationByClient.get(clientId);
    }
}
