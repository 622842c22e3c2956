package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.configdigest.ConfigDigest;
import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiRoute;
import io.gatehouse.management.apis.GatewayOptions;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.applications.ApplicationStatus;
import io.gatehouse.management.keys.KeyStatus;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.persistence.TypedQuery;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the snapshot gateways load: everything usable, read in one consistent database
 * snapshot together with its version. Serialized snapshots are kept by version, so N gateways
 * fetching the same version cost one build.
 */
@ApplicationScoped
public class SnapshotService {

    /** A snapshot as sent: its version and its JSON bytes; its digest is computed when first asked for. */
    public static final class Serialized {
        private final long version;
        private final byte[] json;
        private volatile String digest;

        Serialized(long version, byte[] json) {
            this.version = version;
            this.json = json;
        }

        public long version() {
            return version;
        }

        public byte[] json() {
            return json;
        }

        /** The config digest of this snapshot ({@code config-digest}). */
        public String digest() {
            String d = digest;
            if (d == null) {
                d = ConfigDigest.of(json);
                digest = d;
            }
            return d;
        }
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
        return new Snapshot(version, clock.instant(), apis(Scope.ALL), plans(Scope.ALL), applications(Scope.ALL),
                subscriptions(Scope.ALL), keys(Scope.ALL));
    }

    // What a snapshot holds, restricted to a scope: the same rules for the whole snapshot and for a delta's entries.

    List<Snapshot.ApiEntry> apis(Scope scope) {
        Scope.Query q = scope.restrict("lifecycle in :routed", "id in :apis", Map.of("routed", ROUTED));
        return Api.<Api>find(q.jpql(), q.params()).stream().map(SnapshotService::apiEntry).toList();
    }

    List<Snapshot.PlanEntry> plans(Scope scope) {
        Scope.Query q = scope.restrict("api.lifecycle in :routed", "id in :plans or api.id in :apis",
                Map.of("routed", ROUTED));
        return Plan.<Plan>find(q.jpql(), q.params()).stream()
                .map(p -> new Snapshot.PlanEntry(p.id, p.api.id, p.name, p.limitKey.code(), p.limitMode.code(),
                        p.degradedMode.code(), p.timeZone,
                        p.limits.stream().map(l -> new PlanView.LimitView(l.kind, l.maxRequests, l.timeUnit)).toList()))
                .toList();
    }

    // Applications, subscriptions and keys are the collections that grow with partners: they are read as rows
    // (no managed entities), so a snapshot or delta of 100,000 keys does not hold 100,000 entities.

    List<Snapshot.ApplicationEntry> applications(Scope scope) {
        Scope.Query q = scope.restrict("status = :app and organization.status = :org",
                "id in :applications or organization.id in :organizations",
                Map.of("app", ApplicationStatus.ACTIVE, "org", OrganizationStatus.ACTIVE));
        return rows("SELECT id, organization.id, name, oauthClientId FROM Application WHERE ", q).stream()
                .map(r -> new Snapshot.ApplicationEntry((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3])).toList();
    }

    List<Snapshot.SubscriptionEntry> subscriptions(Scope scope) {
        Scope.Query q = scope.restrict("status = :sub and application.status = :app"
                        + " and application.organization.status = :org and api.lifecycle in :routed",
                "id in :subscriptions or application.id in :applications"
                        + " or application.organization.id in :organizations or api.id in :apis",
                Map.of("sub", SubscriptionStatus.ACTIVE, "app", ApplicationStatus.ACTIVE,
                        "org", OrganizationStatus.ACTIVE, "routed", ROUTED));
        return rows("SELECT id, application.id, plan.id, api.id FROM Subscription WHERE ", q).stream()
                .map(r -> new Snapshot.SubscriptionEntry((UUID) r[0], (UUID) r[1], (UUID) r[2], (UUID) r[3])).toList();
    }

    List<Snapshot.KeyEntry> keys(Scope scope) {
        Scope.Query q = scope.restrict("status = :key and application.status = :app and application.organization.status = :org",
                "id in :keys or application.id in :applications or application.organization.id in :organizations",
                Map.of("key", KeyStatus.ACTIVE, "app", ApplicationStatus.ACTIVE, "org", OrganizationStatus.ACTIVE));
        return rows("SELECT id, keyHash, prefix, application.id, expiresAt FROM ApiKey WHERE ", q).stream()
                .map(r -> new Snapshot.KeyEntry((UUID) r[0], (String) r[1], (String) r[2], (UUID) r[3], (Instant) r[4]))
                .toList();
    }

    private List<Object[]> rows(String select, Scope.Query q) {
        TypedQuery<Object[]> query = em.createQuery(select + q.jpql(), Object[].class);
        q.params().map().forEach(query::setParameter);
        return query.getResultList();
    }

    private static Snapshot.ApiEntry apiEntry(Api a) {
        GatewayOptions.ApiOptions o = a.options();
        return new Snapshot.ApiEntry(a.id, a.slug, a.name, a.version, a.lifecycle.code(), a.sunsetAt, a.deprecatedAt,
                a.routes.stream().map(SnapshotService::routeEntry).toList(),
                a.targets.stream().filter(t -> t.enabled).map(t -> new Snapshot.TargetEntry(t.id, t.url, t.weight)).toList(),
                o == null ? null : o.cors(), o == null ? null : o.ipAccess(),
                o == null ? null : o.healthCheck(), o == null ? null : o.circuitBreaker(), o == null ? null : o.auth(),
                o == null ? null : o.forwardUnsafeHeaders(), o == null ? null : o.accessLog());
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
