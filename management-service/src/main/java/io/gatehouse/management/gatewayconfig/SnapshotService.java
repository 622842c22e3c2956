package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiRoute;
import io.gatehouse.management.apis.GatewayOptions;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.applications.Application;
import io.gatehouse.management.applications.ApplicationStatus;
import io.gatehouse.management.keys.ApiKey;
import io.gatehouse.management.keys.KeyStatus;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.subscriptions.Subscription;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the snapshot gateways load: everything usable, read in one consistent database
 * snapshot together with its version. Serialized snapshots are kept by version, so N gateways
 * fetching the same version cost one build.
 */
@ApplicationScoped
public class SnapshotService {

    /** A snapshot as sent: its version and its JSON bytes. */
    public record Serialized(long version, byte[] json) {
    }

    private static final Set<Lifecycle> ROUTED = Set.of(Lifecycle.PUBLISHED, Lifecycle.DEPRECATED);

    private final EntityManager em;
    private final ConfigVersions versions;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicReference<Serialized> last = new AtomicReference<>();

    public SnapshotService(EntityManager em, ConfigVersions versions, ObjectMapper json, Clock clock) {
        this.em = em;
        this.versions = versions;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public long currentVersion() {
        return versions.current();
    }

    @Transactional
    public Serialized current() {
        // One REPEATABLE READ transaction: the version and the rows come from the same moment.
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").executeUpdate();
        long version = versions.current();
        Serialized cached = last.get();
        if (cached != null && cached.version() == version) {
            return cached;
        }
        try {
            Serialized built = new Serialized(version, json.writeValueAsBytes(build(version)));
            last.set(built);
            return built;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot not serializable", e);
        }
    }

    private Snapshot build(long version) {
        List<Snapshot.ApiEntry> apis = Api.<Api>find("lifecycle in ?1", ROUTED).stream()
                .map(SnapshotService::apiEntry).toList();
        List<Snapshot.PlanEntry> plans = Plan.<Plan>find("api.lifecycle in ?1", ROUTED).stream()
                .map(p -> new Snapshot.PlanEntry(p.id, p.api.id, p.name, p.limitKey.code(), p.limitMode.code(),
                        p.degradedMode.code(), p.timeZone,
                        p.limits.stream().map(l -> new PlanView.LimitView(l.kind, l.maxRequests, l.timeUnit)).toList()))
                .toList();
        List<Snapshot.ApplicationEntry> applications = Application.<Application>find(
                        "status = ?1 and organization.status = ?2", ApplicationStatus.ACTIVE, OrganizationStatus.ACTIVE)
                .stream().map(a -> new Snapshot.ApplicationEntry(a.id, a.organization.id, a.name, a.oauthClientId)).toList();
        List<Snapshot.SubscriptionEntry> subscriptions = Subscription.<Subscription>find(
                        "status = ?1 and application.status = ?2 and application.organization.status = ?3 and api.lifecycle in ?4",
                        SubscriptionStatus.ACTIVE, ApplicationStatus.ACTIVE, OrganizationStatus.ACTIVE, ROUTED)
                .stream().map(s -> new Snapshot.SubscriptionEntry(s.id, s.application.id, s.plan.id, s.api.id)).toList();
        List<Snapshot.KeyEntry> keys = ApiKey.<ApiKey>find(
                        "status = ?1 and application.status = ?2 and application.organization.status = ?3",
                        KeyStatus.ACTIVE, ApplicationStatus.ACTIVE, OrganizationStatus.ACTIVE)
                .stream().map(k -> new Snapshot.KeyEntry(k.id, k.keyHash, k.prefix, k.application.id, k.expiresAt)).toList();
        return new Snapshot(version, clock.instant(), apis, plans, applications, subscriptions, keys);
    }

    private static Snapshot.ApiEntry apiEntry(Api a) {
        GatewayOptions.ApiOptions o = a.options();
        return new Snapshot.ApiEntry(a.id, a.slug, a.name, a.version, a.lifecycle.code(), a.sunsetAt, a.deprecatedAt,
                a.routes.stream().map(SnapshotService::routeEntry).toList(),
                a.targets.stream().filter(t -> t.enabled).map(t -> new Snapshot.TargetEntry(t.id, t.url, t.weight)).toList(),
                o == null ? null : o.cors(), o == null ? null : o.ipAccess(),
                o == null ? null : o.healthCheck(), o == null ? null : o.circuitBreaker(), o == null ? null : o.auth(),
                o == null ? null : o.forwardUnsafeHeaders());
    }

    private static Snapshot.RouteEntry routeEntry(ApiRoute r) {
        GatewayOptions.RouteOptions o = r.options();
        return new Snapshot.RouteEntry(r.id, r.pathPrefix, r.host, ApiView.methodList(r.methods), r.stripPrefix,
                r.connectTimeoutMs, r.responseTimeoutMs, r.position,
                r.headerConditions == null ? null : r.headers(), r.rewrite(),
                o == null ? null : o.maxRequestBodyBytes(), o == null ? null : o.requestHeaders(),
                o == null ? null : o.responseHeaders(), o == null ? null : o.maxRetries(), o == null ? null : o.cache(),
                o == null ? null : o.compose(), o == null ? null : o.requiredScopes());
    }
}
