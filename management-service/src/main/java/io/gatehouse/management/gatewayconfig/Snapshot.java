package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.management.apis.GatewayOptions;
import io.gatehouse.management.apis.HeaderCondition;
import io.gatehouse.management.apis.Rewrite;
import io.gatehouse.management.plans.PlanView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;
import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

/** The gateway config snapshot; its contract is docs/gateway-config-snapshot.md. */
public record Snapshot(long version, Instant generatedAt, List<ApiEntry> apis, List<PlanEntry> plans,
                       List<ApplicationEntry> applications, List<SubscriptionEntry> subscriptions,
                       List<KeyEntry> keys) {

    /** An API; the optional fields are left out when not set (the gateway's defaults apply). */
    public record ApiEntry(UUID id, String slug, String name, String version, String lifecycle, Instant sunsetAt,
                           Instant deprecatedAt, List<RouteEntry> routes, List<TargetEntry> targets,
                           @JsonInclude(NON_NULL) GatewayOptions.Cors cors,
                           @JsonInclude(NON_NULL) GatewayOptions.IpAccess ipAccess,
                           @JsonInclude(NON_NULL) GatewayOptions.HealthCheck healthCheck,
                           @JsonInclude(NON_NULL) GatewayOptions.CircuitBreaker circuitBreaker,
                           @JsonInclude(NON_NULL) GatewayOptions.Auth auth,
                           @JsonInclude(NON_NULL) Boolean forwardUnsafeHeaders,
                           @JsonInclude(NON_NULL) GatewayOptions.AccessLog accessLog,
                           @JsonInclude(NON_NULL) List<String> scrubHeaders) {
    }

    /**
     * A route; the optional fields are left out when not set (the gateway's defaults apply). {@code position} orders
     * the routes of one API; {@code headers} (conditions that must all hold) and {@code rewrite} are left out when
     * the route has none.
     */
    public record RouteEntry(UUID id, String pathPrefix, String host, List<String> methods, boolean stripPrefix,
                             int connectTimeoutMs, int responseTimeoutMs, int position,
                             @JsonInclude(NON_NULL) List<HeaderCondition> headers,
                             @JsonInclude(NON_NULL) Rewrite rewrite,
                             @JsonInclude(NON_NULL) Long maxRequestBodyBytes,
                             @JsonInclude(NON_NULL) GatewayOptions.HeaderEdits requestHeaders,
                             @JsonInclude(NON_NULL) GatewayOptions.HeaderEdits responseHeaders,
                             @JsonInclude(NON_NULL) Integer maxRetries,
                             @JsonInclude(NON_NULL) GatewayOptions.Cache cache,
                             @JsonInclude(NON_NULL) GatewayOptions.Compose compose,
                             @JsonInclude(NON_NULL) List<String> requiredScopes) {
    }

    public record TargetEntry(UUID id, String url, int weight) {
    }

    /** A plan; {@code apiId} is its product's API when the product grants exactly one, else null. */
    public record PlanEntry(UUID id, UUID productId, UUID apiId, String name, String limitKey, String limitMode, String degradedMode,
                            String timeZone, List<PlanView.LimitView> limits) {
    }

    /** An application; {@code oauthClientId} is left out when it has none. */
    public record ApplicationEntry(UUID id, UUID organizationId, String name,
                                   @JsonInclude(NON_NULL) String oauthClientId) {
    }

    /**
     * An active subscription and what it grants: its plan's product's grants, by API id. {@code apiId} is the first
     * grant's API (a gateway that reads only {@code apiId} grants less, never more).
     */
    public record SubscriptionEntry(UUID id, UUID applicationId, UUID planId, UUID apiId, List<Grant> grants) {
    }

    /** One API a subscription grants; {@code routeIds} and {@code methods} are left out when empty (= all). */
    public record Grant(UUID apiId, @JsonInclude(NON_EMPTY) List<UUID> routeIds,
                        @JsonInclude(NON_EMPTY) List<String> methods) {
    }

    public record KeyEntry(UUID id, String hash, String prefix, UUID applicationId, Instant expiresAt) {
    }
}
