package io.gatehouse.gateway.config;

import io.gatehouse.gateway.policy.auth.ExcludingKeyDirectory;
import io.gatehouse.gateway.policy.auth.KeyDirectory;
import io.gatehouse.gateway.policy.auth.SnapshotKeyDirectory;
import io.gatehouse.gateway.policy.ratelimit.PlanLimits;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.policy.subscription.SubscriptionIndex;
import io.gatehouse.gateway.proxy.Upstream;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One snapshot, compiled for the hot path: immutable, built once off the event loop, swapped in
 * whole. A request captures the instance current when it arrives and uses it to the end.
 */
public final class CompiledConfig {

    private final long version;
    private final Instant generatedAt;
    private final RouteTable routes;
    private final KeyDirectory keys;
    private final SubscriptionIndex subscriptions;
    private final Map<String, Upstream> upstreamsByApi;
    private final Map<String, PlanLimits> plans;
    private final Map<String, String> organizationByApplication;
    private final Map<String, ApiOptions> apiOptions;
    private final Map<String, String> applicationByClientId;
    private final List<String> warnings;
    /** The snapshot this was compiled from (with deltas applied), for the next delta and the digest; null in tests. */
    private final Snapshot source;

    public CompiledConfig(long version, Instant generatedAt, RouteTable routes, KeyDirectory keys,
                          SubscriptionIndex subscriptions, Map<String, Upstream> upstreamsByApi,
                          Map<String, PlanLimits> plans, Map<String, String> organizationByApplication,
                          List<String> warnings) {
        this(version, generatedAt, routes, keys, subscriptions, upstreamsByApi, plans, organizationByApplication,
                Map.of(), warnings);
    }

    public CompiledConfig(long version, Instant generatedAt, RouteTable routes, KeyDirectory keys,
                          SubscriptionIndex subscriptions, Map<String, Upstream> upstreamsByApi,
                          Map<String, PlanLimits> plans, Map<String, String> organizationByApplication,
                          Map<String, ApiOptions> apiOptions, List<String> warnings) {
        this(version, generatedAt, routes, keys, subscriptions, upstreamsByApi, plans, organizationByApplication,
                apiOptions, Map.of(), warnings);
    }

    /**
     * @param applicationByClientId OAuth client id → application id, for bearer tokens
     */
    public CompiledConfig(long version, Instant generatedAt, RouteTable routes, KeyDirectory keys,
                          SubscriptionIndex subscriptions, Map<String, Upstream> upstreamsByApi,
                          Map<String, PlanLimits> plans, Map<String, String> organizationByApplication,
                          Map<String, ApiOptions> apiOptions, Map<String, String> applicationByClientId,
                          List<String> warnings) {
        this(version, generatedAt, routes, keys, subscriptions, upstreamsByApi, plans, organizationByApplication,
                apiOptions, applicationByClientId, warnings, null);
    }

    private CompiledConfig(long version, Instant generatedAt, RouteTable routes, KeyDirectory keys,
                           SubscriptionIndex subscriptions, Map<String, Upstream> upstreamsByApi,
                           Map<String, PlanLimits> plans, Map<String, String> organizationByApplication,
                           Map<String, ApiOptions> apiOptions, Map<String, String> applicationByClientId,
                           List<String> warnings, Snapshot source) {
        this.source = source;
        this.apiOptions = Map.copyOf(apiOptions);
        this.applicationByClientId = Map.copyOf(applicationByClientId);
        this.version = version;
        this.generatedAt = generatedAt;
        this.routes = routes;
        this.keys = keys;
        this.subscriptions = subscriptions;
        this.upstreamsByApi = Map.copyOf(upstreamsByApi);
        this.plans = Map.copyOf(plans);
        this.organizationByApplication = Map.copyOf(organizationByApplication);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * This config at {@code version}, without the keys {@code keyIds}: a revocation announced with its version,
     * applied without copying the key map. Everything else is shared with this one.
     */
    public CompiledConfig withoutKeys(long version, Collection<String> keyIds) {
        return new CompiledConfig(version, generatedAt, routes, ExcludingKeyDirectory.of(keys, keyIds), subscriptions, upstreamsByApi,
                plans, organizationByApplication, apiOptions, applicationByClientId, warnings, source);
    }

    /** This config, remembering the snapshot it was compiled from. */
    CompiledConfig compiledFrom(Snapshot snapshot) {
        return new CompiledConfig(version, generatedAt, routes, keys, subscriptions, upstreamsByApi, plans,
                organizationByApplication, apiOptions, applicationByClientId, warnings, snapshot);
    }

    /**
     * The snapshot this config holds: the one it was compiled from without the keys revoked by announcements since,
     * at this config's version; empty if it was not compiled from a snapshot (tests).
     */
    public java.util.Optional<Snapshot> snapshot() {
        if (source == null) {
            return java.util.Optional.empty();
        }
        java.util.Set<String> revoked = keys instanceof ExcludingKeyDirectory e ? e.excludedIds() : java.util.Set.of();
        List<Snapshot.KeyEntry> kept = revoked.isEmpty() || source.keys() == null ? source.keys()
                : source.keys().stream().filter(k -> !revoked.contains(k.id())).toList();
        return java.util.Optional.of(new Snapshot(version, source.generatedAt(), source.apis(), source.plans(),
                source.applications(), source.subscriptions(), kept));
    }

    /** How many keys announced revocations removed since this config's snapshot was fetched. */
    public int keysExcluded() {
        return keys instanceof ExcludingKeyDirectory e ? e.excluded() : 0;
    }

    /** A config with nothing in it, for tests. */
    public static CompiledConfig empty(long version) {
        return new CompiledConfig(version, null, RouteTable.empty(), new SnapshotKeyDirectory(Map.of()),
                SubscriptionIndex.empty(), Map.of(), Map.of(), Map.of(), List.of());
    }

    /** The organization an application belongs to, or {@code null} if unknown (for usage events). */
    public String organizationOf(String applicationId) {
        return applicationId == null ? null : organizationByApplication.get(applicationId);
    }

    /** The application whose OAuth client id is {@code clientId}, or {@code null} if no active application has it. */
    public String applicationForClient(String clientId) {
        return clientId == null ? null : applicationByClientId.get(clientId);
    }

    /** The limits of a plan, or {@code null} if the plan is unknown (then nothing is limited). */
    public PlanLimits planLimits(String planId) {
        return planId == null ? null : plans.get(planId);
    }

    public long version() {
        return version;
    }

    public Instant generatedAt() {
        return generatedAt;
    }

    public RouteTable routes() {
        return routes;
    }

    public KeyDirectory keys() {
        return keys;
    }

    public SubscriptionIndex subscriptions() {
        return subscriptions;
    }

    /** The targets of an API, or {@code null} if the API has none in this config. */
    public Upstream upstream(String apiId) {
        return upstreamsByApi.get(apiId);
    }

    /** Every API's targets, by API id. */
    public Map<String, Upstream> upstreams() {
        return upstreamsByApi;
    }

    /** The optional per-API settings (CORS, address lists, resilience); {@link ApiOptions#NONE} when none. */
    public ApiOptions apiOptions(String apiId) {
        ApiOptions options = apiId == null ? null : apiOptions.get(apiId);
        return options == null ? ApiOptions.NONE : options;
    }

    /** Entries of the snapshot that were skipped, with the reason, for the log. */
    public List<String> warnings() {
        return warnings;
    }
}
