package io.gatehouse.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatehouse.gateway.accesslog.AccessLogRule;
import io.gatehouse.gateway.policy.auth.ApiAuth;
import io.gatehouse.gateway.policy.auth.ApiKey;
import io.gatehouse.gateway.policy.jwt.JwtRules;
import io.gatehouse.gateway.policy.auth.SnapshotKeyDirectory;
import io.gatehouse.gateway.policy.ratelimit.LimitWindow;
import io.gatehouse.gateway.policy.ratelimit.PlanLimits;
import io.gatehouse.gateway.policy.route.HeaderCondition;
import io.gatehouse.gateway.policy.route.PathRewrite;
import io.gatehouse.gateway.policy.route.Route;
import io.gatehouse.gateway.policy.route.RouteTable;
import io.gatehouse.gateway.policy.subscription.Subscription;
import io.gatehouse.gateway.policy.subscription.SubscriptionIndex;
import io.gatehouse.gateway.cache.CacheSettings;
import io.gatehouse.gateway.compose.Composition;
import io.gatehouse.gateway.policy.access.IpAccess;
import io.gatehouse.gateway.policy.cors.CorsRules;
import io.gatehouse.gateway.policy.route.RouteOptions;
import io.gatehouse.gateway.proxy.HeaderTransform;
import io.gatehouse.gateway.proxy.Upstream;
import io.gatehouse.gateway.upstream.ResilienceSettings;
import io.gatehouse.gateway.proxy.UpstreamTarget;

import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns snapshot JSON into a {@link CompiledConfig}. Pure: no I/O, no clock, safe to call from
 * any thread (but call it off the event loop: parsing a large snapshot takes time).
 *
 * <p>Only a snapshot that is not JSON or has no version is rejected. A bad entry (a route
 * without targets, a malformed key hash) is skipped with a warning instead, because refusing the
 * whole snapshot would also hold back unrelated changes such as key revocations.
 */
public final class SnapshotCompiler {

    static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    static final int DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
    static final int DEFAULT_CHECK_INTERVAL_MS = 5_000;
    static final int DEFAULT_CHECK_TIMEOUT_MS = 1_000;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    public CompiledConfig compile(byte[] json) {
        return compile(read(json));
    }

    /** Compiles the snapshot in a file, read as a stream (blocking). */
    public CompiledConfig compile(java.nio.file.Path json) {
        return compile(read(json));
    }

    /** Reads snapshot JSON without compiling it. */
    Snapshot read(byte[] json) {
        return read(() -> mapper.readValue(json, Snapshot.class));
    }

    /** Reads snapshot JSON from a file, as a stream, without compiling it. */
    Snapshot read(java.nio.file.Path json) {
        return read(() -> mapper.readValue(json.toFile(), Snapshot.class));
    }

    private interface Reader {
        Snapshot read() throws IOException;
    }

    private static Snapshot read(Reader reader) {
        Snapshot snapshot;
        try {
            snapshot = reader.read();
        } catch (JsonProcessingException e) {
            throw new InvalidSnapshotException("the snapshot is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidSnapshotException("the snapshot could not be read: " + e.getMessage(), e);
        }
        if (snapshot == null) {
            throw new InvalidSnapshotException("the snapshot is empty");
        }
        return snapshot;
    }

    /** Reads a delta's JSON (see {@link SnapshotDelta}). */
    SnapshotDelta readDelta(byte[] json) {
        try {
            SnapshotDelta delta = mapper.readValue(json, SnapshotDelta.class);
            if (delta == null || delta.version() == null || delta.from() == null) {
                throw new InvalidSnapshotException("the delta has no 'from' or 'version'");
            }
            return delta;
        } catch (IOException e) {
            throw new InvalidSnapshotException("the delta is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Writes a snapshot as the JSON management would send to a stream (the disk copy), leaving it open. */
    void write(Snapshot snapshot, java.io.OutputStream out) throws IOException {
        mapper.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, snapshot);
    }

    /** The config digest of a snapshot, computed as management computes it ({@code config-digest}). */
    String digest(Snapshot snapshot) {
        return io.gatehouse.configdigest.ConfigDigest.of(mapper.valueToTree(snapshot));
    }

    public CompiledConfig compile(Snapshot snapshot) {
        if (snapshot.version() == null || snapshot.version() < 0) {
            throw new InvalidSnapshotException("the snapshot has no 'version' (a number >= 0)");
        }
        List<String> warnings = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Map<String, Upstream> upstreams = new HashMap<>();
        Map<String, ApiOptions> apiOptions = new HashMap<>();
        for (Snapshot.Api api : nonNull(snapshot.apis())) {
            compileApi(api, routes, upstreams, apiOptions, warnings);
        }
        Map<String, PlanLimits> plans = new HashMap<>();
        for (Snapshot.Plan plan : nonNull(snapshot.plans())) {
            try {
                plans.put(plan.id(), compilePlan(plan));
            } catch (RuntimeException e) {
                // A plan whose limits cannot be read must not run unlimited: its subscriptions are
                // refused (see the subscription compile below) until management sends a good one.
                warnings.add("plan " + plan.id() + " skipped: " + e.getMessage());
            }
        }
        Map<String, String> organizations = new HashMap<>();
        for (Snapshot.Application app : nonNull(snapshot.applications())) {
            if (!isBlank(app.id()) && !isBlank(app.organizationId())) {
                organizations.put(app.id(), app.organizationId());
            }
        }
        return new CompiledConfig(snapshot.version(), snapshot.generatedAt(), RouteTable.of(routes),
                compileKeys(nonNull(snapshot.keys()), warnings),
                compileSubscriptions(nonNull(snapshot.subscriptions()), plans, nonNull(snapshot.plans()), warnings),
                upstreams, plans, organizations, apiOptions,
                compileClientIds(nonNull(snapshot.applications()), warnings), warnings).compiledFrom(snapshot);
    }

    /**
     * OAuth client id → application. A client id claimed by two applications maps to neither (a token must never
     * be charged to the wrong one); management's unique constraint makes that a broken snapshot, not a normal case.
     */
    static Map<String, String> compileClientIds(List<Snapshot.Application> applications, List<String> warnings) {
        Map<String, String> byClient = new HashMap<>();
        Set<String> ambiguous = new java.util.HashSet<>();
        for (Snapshot.Application app : applications) {
            if (isBlank(app.id()) || isBlank(app.oauthClientId())) {
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
        return byClient;
    }

    static PlanLimits compilePlan(Snapshot.Plan plan) {
        if (isBlank(plan.id())) {
            throw new IllegalArgumentException("it has no id");
        }
        List<LimitWindow> windows = new ArrayList<>();
        for (Snapshot.LimitEntry l : nonNull(plan.limits())) {
            if (l.kind() == null || l.timeUnit() == null || l.maxRequests() == null) {
                throw new IllegalArgumentException("a limit needs kind, timeUnit and maxRequests");
            }
            windows.add(new LimitWindow(LimitWindow.Kind.of(l.kind()), LimitWindow.Unit.of(l.timeUnit()), l.maxRequests()));
        }
        // Rates first, shortest first: the order of header items and of the store's keys.
        windows.sort(java.util.Comparator.comparing((LimitWindow w) -> w.kind()).thenComparing(LimitWindow::unit));
        ZoneId zone = isBlank(plan.timeZone()) ? ZoneOffset.UTC : ZoneId.of(plan.timeZone().trim());
        return new PlanLimits(plan.id(),
                isBlank(plan.limitKey()) ? PlanLimits.Subject.SUBSCRIPTION : PlanLimits.Subject.of(plan.limitKey()),
                PlanLimits.Mode.resolve(plan.limitMode(), windows),
                isBlank(plan.degradedMode()) ? PlanLimits.Degraded.FAIL_OPEN : PlanLimits.Degraded.of(plan.degradedMode()),
                zone, windows);
    }

    private static void compileApi(Snapshot.Api api, List<Route> routes, Map<String, Upstream> upstreams,
                                   Map<String, ApiOptions> apiOptions, List<String> warnings) {
        String label = "api '" + (api.slug() != null ? api.slug() : api.id()) + "'";
        if (isBlank(api.id())) {
            warnings.add(label + " skipped: it has no id");
            return;
        }
        List<UpstreamTarget> targets = new ArrayList<>();
        for (Snapshot.TargetEntry target : nonNull(api.targets())) {
            try {
                targets.add(UpstreamTarget.parse(target.id(), target.url(),
                        target.weight() == null ? 1 : target.weight()));
            } catch (IllegalArgumentException | NullPointerException e) {
                warnings.add(label + ": target " + target.id() + " skipped: " + e.getMessage());
            }
        }
        if (targets.isEmpty()) {
            if (!nonNull(api.routes()).isEmpty()) {
                warnings.add(label + " skipped: it has routes but no usable target");
            }
            return;
        }
        ApiOptions options;
        try {
            options = compileApiOptions(api);
        } catch (RuntimeException e) {
            // Its routes are left out rather than served without the CORS, address or health rules it asked for.
            warnings.add(label + " skipped: " + e.getMessage());
            return;
        }
        upstreams.put(api.id(), new Upstream(targets));
        if (options != ApiOptions.NONE) {
            apiOptions.put(api.id(), options);
        }
        for (Snapshot.RouteEntry entry : nonNull(api.routes())) {
            try {
                routes.add(compileRoute(api.id(), entry));
            } catch (IllegalArgumentException | NullPointerException e) {
                warnings.add(label + ": route " + entry.id() + " skipped: " + e.getMessage());
            }
        }
    }

    static ApiOptions compileApiOptions(Snapshot.Api api) {
        DeprecationNotice notice = "deprecated".equalsIgnoreCase(api.lifecycle())
                ? DeprecationNotice.of(api.deprecatedAt(), api.sunsetAt()) : null;
        if (api.cors() == null && api.ipAccess() == null && api.healthCheck() == null && api.circuitBreaker() == null
                && notice == null && api.auth() == null && !Boolean.TRUE.equals(api.forwardUnsafeHeaders())
                && api.accessLog() == null) {
            return ApiOptions.NONE;
        }
        Snapshot.Cors c = api.cors();
        CorsRules cors = c == null ? null : CorsRules.of(c.allowedOrigins(), c.allowedMethods(), c.allowedHeaders(),
                c.exposedHeaders(), c.allowCredentials(), c.maxAgeSeconds());
        IpAccess ipAccess = api.ipAccess() == null ? null : IpAccess.of(api.ipAccess().allow(), api.ipAccess().deny());
        Snapshot.HealthCheck h = api.healthCheck();
        ResilienceSettings.HealthCheckSettings check = h == null ? null : new ResilienceSettings.HealthCheckSettings(
                h.path() == null ? "/" : h.path(), positiveOr(h.intervalMs(), DEFAULT_CHECK_INTERVAL_MS),
                positiveOr(h.timeoutMs(), DEFAULT_CHECK_TIMEOUT_MS), positiveOr(h.healthyThreshold(), 2),
                positiveOr(h.unhealthyThreshold(), 2));
        Snapshot.CircuitBreaker b = api.circuitBreaker();
        ResilienceSettings resilience = new ResilienceSettings(check,
                b == null ? ResilienceSettings.DEFAULT_FAILURE_THRESHOLD
                        : positiveOr(b.failureThreshold(), ResilienceSettings.DEFAULT_FAILURE_THRESHOLD),
                b == null ? ResilienceSettings.DEFAULT_OPEN_MS
                        : positiveOr(b.openMs(), (int) ResilienceSettings.DEFAULT_OPEN_MS),
                b == null || b.failureStatuses() == null ? ResilienceSettings.DEFAULT_FAILURE_STATUSES
                        : failureStatuses(b.failureStatuses()));
        Snapshot.AccessLog log = api.accessLog();
        return new ApiOptions(cors, ipAccess, resilience, notice, compileAuth(api.auth()),
                Boolean.TRUE.equals(api.forwardUnsafeHeaders()),
                log == null ? AccessLogRule.ALL : AccessLogRule.of(log.enabled(), log.sampleRate()));
    }

    /** An API that asks for tokens with rules the gateway cannot use is skipped, never served on keys alone. */
    static ApiAuth compileAuth(Snapshot.Auth auth) {
        if (auth == null) {
            return ApiAuth.KEYS_ONLY;
        }
        Snapshot.Jwt j = auth.jwt();
        JwtRules jwt = j == null ? null
                : JwtRules.of(j.issuer(), j.jwksUrl(), j.audiences(), j.applicationClaim(), j.clockSkewSeconds());
        return new ApiAuth(auth.apiKeys() == null || auth.apiKeys(), jwt);
    }

    private static Set<Integer> failureStatuses(List<Integer> statuses) {
        Set<Integer> set = new java.util.HashSet<>();
        for (Integer status : statuses) {
            if (status == null) {
                throw new IllegalArgumentException("circuitBreaker.failureStatuses holds a null");
            }
            set.add(status);
        }
        return set;
    }

    static Route compileRoute(String apiId, Snapshot.RouteEntry entry) {
        if (entry.pathPrefix() == null) {
            throw new IllegalArgumentException("it has no pathPrefix");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : nonNull(entry.methods())) {
            if (!isBlank(method)) {
                methods.add(method.trim().toUpperCase(Locale.ROOT));
            }
        }
        String host = isBlank(entry.host()) ? null : entry.host().trim().toLowerCase(Locale.ROOT);
        List<HeaderCondition> headers = new ArrayList<>();
        for (Snapshot.HeaderMatch h : nonNull(entry.headers())) {
            if (h == null || isBlank(h.name())) {
                throw new IllegalArgumentException("it has a header condition without a name");
            }
            headers.add(new HeaderCondition(h.name(), h.value()));
        }
        Snapshot.Rewrite r = entry.rewrite();
        PathRewrite rewrite = r == null ? null : PathRewrite.of(r.pattern(), r.replacement());
        return new Route(entry.id(), apiId, Route.normalizePrefix(entry.pathPrefix()), host, methods,
                Boolean.TRUE.equals(entry.stripPrefix()),
                positiveOr(entry.connectTimeoutMs(), DEFAULT_CONNECT_TIMEOUT_MS),
                positiveOr(entry.responseTimeoutMs(), DEFAULT_RESPONSE_TIMEOUT_MS), compileRouteOptions(entry),
                headers, entry.position() == null ? 0 : Math.max(0, entry.position()), rewrite);
    }

    private static RouteOptions compileRouteOptions(Snapshot.RouteEntry entry) {
        if (entry.maxRequestBodyBytes() == null && entry.requestHeaders() == null && entry.responseHeaders() == null
                && entry.maxRetries() == null && entry.cache() == null && entry.compose() == null
                && entry.requiredScopes() == null) {
            return RouteOptions.DEFAULTS;
        }
        Snapshot.RouteCache c = entry.cache();
        CacheSettings cache = c == null ? null : new CacheSettings(c.ttlSeconds() == null ? 0 : c.ttlSeconds(),
                Boolean.TRUE.equals(c.perConsumer()),
                c.maxEntryBytes() == null ? CacheSettings.DEFAULT_MAX_ENTRY_BYTES : c.maxEntryBytes(),
                Boolean.TRUE.equals(c.shared()), Boolean.TRUE.equals(c.storeSetCookie()));
        return new RouteOptions(entry.maxRequestBodyBytes() == null ? 0 : entry.maxRequestBodyBytes(),
                transform(entry.requestHeaders()), transform(entry.responseHeaders()),
                entry.maxRetries() == null ? RouteOptions.DEFAULT_MAX_RETRIES : entry.maxRetries(), cache,
                compose(entry.compose(), positiveOr(entry.responseTimeoutMs(), DEFAULT_RESPONSE_TIMEOUT_MS)),
                scopes(entry.requiredScopes()));
    }

    private static Composition compose(Snapshot.Compose compose, int routeTimeoutMs) {
        if (compose == null) {
            return null;
        }
        List<Composition.Part> parts = new ArrayList<>();
        for (Snapshot.ComposePart p : nonNull(compose.parts())) {
            if (p == null) {
                throw new IllegalArgumentException("compose.parts holds a null");
            }
            parts.add(Composition.Part.of(p.name(), p.method(), p.url(),
                    p.timeoutMs() == null ? Math.min(routeTimeoutMs, Composition.MAX_TIMEOUT_MS) : p.timeoutMs(),
                    Boolean.TRUE.equals(p.required())));
        }
        return Composition.of(parts, compose.maxPartBytes());
    }

    private static Set<String> scopes(List<String> required) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : nonNull(required)) {
            if (scope == null || scope.isBlank() || scope.contains(" ")) {
                throw new IllegalArgumentException("requiredScopes has an empty scope or one with a space");
            }
            scopes.add(scope);
        }
        return scopes;
    }

    private static HeaderTransform transform(Snapshot.HeaderEdits edits) {
        return edits == null ? HeaderTransform.NONE : HeaderTransform.of(edits.remove(), edits.set(), edits.add());
    }

    private static SnapshotKeyDirectory compileKeys(List<Snapshot.KeyEntry> keys, List<String> warnings) {
        Map<String, ApiKey> byHash = new HashMap<>();
        for (Snapshot.KeyEntry key : keys) {
            String hash = key.hash() == null ? "" : key.hash().trim().toLowerCase(Locale.ROOT);
            if (!HASH.matcher(hash).matches() || isBlank(key.applicationId())) {
                warnings.add("key " + key.id() + " skipped: it needs a 64-hex-digit hash and an applicationId");
                continue;
            }
            if (byHash.putIfAbsent(hash, new ApiKey(key.id(), key.prefix(), key.applicationId(), key.expiresAt())) != null) {
                warnings.add("key " + key.id() + " skipped: another key has the same hash");
            }
        }
        return new SnapshotKeyDirectory(byHash);
    }

    private static SubscriptionIndex compileSubscriptions(List<Snapshot.SubscriptionEntry> entries,
                                                          Map<String, PlanLimits> plans, List<Snapshot.Plan> declared,
                                                          List<String> warnings) {
        Set<String> declaredPlans = new java.util.HashSet<>();
        declared.forEach(p -> declaredPlans.add(p.id()));
        List<Subscription> subscriptions = new ArrayList<>();
        for (Snapshot.SubscriptionEntry s : entries) {
            if (isBlank(s.applicationId()) || isBlank(s.apiId())) {
                warnings.add("subscription " + s.id() + " skipped: it needs an applicationId and an apiId");
                continue;
            }
            if (s.planId() != null && declaredPlans.contains(s.planId()) && !plans.containsKey(s.planId())) {
                warnings.add("subscription " + s.id() + " skipped: its plan " + s.planId() + " could not be read");
                continue;
            }
            subscriptions.add(new Subscription(s.id(), s.applicationId(), s.planId(), s.apiId()));
        }
        return SubscriptionIndex.of(subscriptions);
    }

    private static int positiveOr(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
