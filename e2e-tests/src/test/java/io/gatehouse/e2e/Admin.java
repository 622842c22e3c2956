package io.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the e2e tests do through management's admin API, as a partner's world is set up. */
final class Admin {

    private final String managementUrl;
    private final String adminToken;
    private final String gatewayToken;

    Admin(String managementUrl, String adminToken, String gatewayToken) {
        this.managementUrl = managementUrl;
        this.adminToken = adminToken;
        this.gatewayToken = gatewayToken;
    }

    /** POSTs {@code body} and returns the new entity's id; fails the test on anything but 2xx. */
    String create(String path, Map<String, ?> body) {
        return call("POST", path, body).get("id").asText();
    }

    JsonNode call(String method, String path, Object body) {
        Http.Answer a = Http.send(method, managementUrl + path, body, "Authorization", "Bearer " + adminToken);
        assertTrue(a.status() / 100 == 2, method + " " + path + " answered " + a.status() + ": " + a.body());
        return a.json();
    }

    /** A new organization and application subscribed to {@code planId}, and a key for it (the full key). */
    String partnerKey(String planId) {
        String org = create("/admin/v1/organizations", Map.of("name", "Org " + UUID.randomUUID()));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "App"));
        create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", planId));
        return call("POST", "/admin/v1/applications/" + app + "/keys", Map.of("name", "k")).get("key").asText();
    }

    /**
     * Waits until {@code count} gateway nodes whose id starts with {@code nodePrefix} report management's
     * current config version (node reports, not requests: a request would spend a limit's budget).
     */
    void awaitConfigOn(String nodePrefix, int count) throws InterruptedException {
        long version = Http.get(managementUrl + "/internal/v1/gateway/version", "Authorization", "Bearer " + gatewayToken)
                .json().get("version").asLong();
        for (int i = 0; i < 250; i++) {
            int applied = 0;
            for (JsonNode node : call("GET", "/admin/v1/gateways", null).get("nodes")) {
                if (node.get("nodeId").asText().startsWith(nodePrefix) && node.get("version").asLong() >= version) {
                    applied++;
                }
            }
            if (applied >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the gateways " + nodePrefix + "* did not all apply config version " + version);
    }
}
