package io.gatehouse.management.gatewayconfig;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.configdigest.ConfigDigest;
import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiRoute;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.GatewayOptions;
import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.applications.ApplicationStatus;
import io.gatehouse.management.keys.KeyStatus;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import org.hibernate.jpa.HibernateHints;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Builds the snapshot gateways load: everything usable, read in one consistent database snapshot together with its
 * version. A snapshot is streamed to a file as it is read (rows through a cursor, one entry at a time into the JSON
 * writer and the digest), so building one holds a few thousand rows, not a million keys; the file is served as it is
 * (the web server sends it from disk). Files are kept by version, so N gateways fetching the same version cost one
 * build, and builds of a new version queue behind each other.
 */
@ApplicationScoped
public class SnapshotService {

    /** A snapshot as sent: its version, the file holding its JSON, its size and its digest. */
    public record Serialized(long version, Path file, long size, String digest) {
    }

    private static final Logger LOG = Logger.getLogger(SnapshotService.class);
    private static final Set<Lifecycle> ROUTED = Set.of(Lifecycle.PUBLISHED, Lifecycle.DEPRECATED);
    /** Rows read per round trip while streaming. */
    private static final int FETCH_SIZE = 2_000;
    /**
     * Files kept: the newest and the ones before it, which gateways may still be downloading (on Linux an open file
     * stays readable after it is deleted; this covers the moment between answering and opening it).
     */
    private static final int KEPT = 3;
    static final String DIR_PREFIX = "gatehouse-snapshots-";
    static final String OWNER = ".owner";

    private final EntityManager em;
    private final ConfigVersions versions;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicReference<Serialized> last = new AtomicReference<>();
    private final Deque<Path> files = new ArrayDeque<>();
    private final Object building = new Object();
    private Path dir;
    private FileChannel owner;

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

    /**
     * The snapshot of the current version, built when it is not kept yet. A million keys take minutes on a small
     * machine, hence the long transaction timeout.
     */
    @Transactional
    @TransactionConfiguration(timeout = 1_800)
    public Serialized current() {
        // One REPEATABLE READ transaction: the version and the rows come from the same moment.
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").executeUpdate();
        long version = versions.current();
        Serialized cached = last.get();
        if (cached != null && cached.version() == version) {
            return cached;
        }
        synchronized (building) {
            cached = last.get();
            if (cached != null && cached.version() >= version) {
                // Built meanwhile by another request (a newer one serves as well: it holds every change of this one).
                return cached;
            }
            try {
                Serialized built = write(version);
                last.set(built);
                return built;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the snapshot of version " + version, e);
            }
        }
    }

    @PreDestroy
    void deleteFiles() {
        synchronized (building) {
            files.clear();
            if (dir != null) {
                try {
                    owner.close();
                } catch (IOException e) {
                    LOG.debugf("closing %s: %s", dir, e);
                }
                deleteDirectory(dir);
            }
        }
    }

    /**
     * The directory of this process's snapshot files: a new one under the temp directory, held by a lock on its
     * {@value #OWNER} file for as long as the process lives. A process that was killed leaves its directory behind
     * (hundreds of megabytes at a million keys); the next one to start deletes every such directory whose lock nobody
     * holds any more.
     */
    private Path dir() throws IOException {
        if (dir == null) {
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            deleteAbandoned(base);
            Path made = Files.createTempDirectory(base, DIR_PREFIX);
            owner = FileChannel.open(made.resolve(OWNER), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            owner.lock();
            dir = made;
        }
        return dir;
    }

    static void deleteAbandoned(Path base) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, DIR_PREFIX + "*")) {
            for (Path d : dirs) {
                // Only real directories with an owner file (never a link), and none younger than a minute: it may be
                // one another process is still setting up.
                Path ownerFile = d.resolve(OWNER);
                if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(ownerFile, LinkOption.NOFOLLOW_LINKS)
                        || Files.getLastModifiedTime(d, LinkOption.NOFOLLOW_LINKS).toMillis() > System.currentTimeMillis() - 60_000) {
                    continue;
                }
                try (FileChannel c = FileChannel.open(ownerFile, StandardOpenOption.WRITE)) {
                    FileLock lock = c.tryLock();
                    if (lock == null) {
                        continue;
                    }
                    lock.release();
                } catch (OverlappingFileLockException alive) {
                    continue;
                }
                LOG.infof("deleting %s, left by a management process that is gone", d);
                deleteDirectory(d);
            }
        } catch (IOException e) {
            LOG.warnf("could not look for abandoned snapshot directories in %s: %s", base, e.toString());
        }
    }

    private static void deleteDirectory(Path d) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
            entries.forEach(SnapshotService::delete);
        } catch (IOException e) {
            LOG.warnf("could not list %s: %s", d, e.toString());
        }
        delete(d);
    }

    private Serialized write(long version) throws IOException {
        Path folder = dir();
        long started = System.nanoTime();
        Path file = folder.resolve("snapshot-" + version + ".json");
        Path partial = folder.resolve("snapshot-" + version + ".partial");
        ConfigDigest.Sorted digest = new ConfigDigest.Sorted();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
             JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", version);
            g.writeFieldName("generatedAt");
            g.writeObject(clock.instant());
            // Each collection in the digest's order and sorted by id, so the digest is computed as the file is written.
            collection(g, digest, "apis", apis(Scope.ALL).stream().sorted(Comparator.comparing(e -> e.id().toString())));
            collection(g, digest, "plans", plans(Scope.ALL).stream().sorted(Comparator.comparing(e -> e.id().toString())));
            try (Stream<Snapshot.ApplicationEntry> s = applicationRows(Scope.ALL, true)) {
                collection(g, digest, "applications", s);
            }
            try (Stream<Snapshot.SubscriptionEntry> s = subscriptionRows(Scope.ALL, true)) {
                collection(g, digest, "subscriptions", s);
            }
            try (Stream<Snapshot.KeyEntry> s = keyRows(Scope.ALL, true)) {
                collection(g, digest, "keys", s);
            }
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            delete(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        files.addLast(file);
        while (files.size() > KEPT) {
            delete(files.removeFirst());
        }
        Serialized built = new Serialized(version, file, Files.size(file), digest.finish());
        LOG.infof("built the snapshot of version %d: %d bytes in %d ms", version, built.size(),
                (System.nanoTime() - started) / 1_000_000);
        return built;
    }

    /** Writes one collection: each entry as a tree, once to the file and once to the digest. */
    private <T> void collection(JsonGenerator g, ConfigDigest.Sorted digest, String name, Stream<T> entries)
            throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
        digest.collection(name);
        // Not ObjectMapper.writeTree: it flushes the stream after every entry, three million writes at a million keys.
        ObjectWriter writer = json.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        Iterator<T> it = entries.iterator();
        while (it.hasNext()) {
            JsonNode entry = json.valueToTree(it.next());
            writer.writeValue(g, entry);
            digest.entry(entry);
        }
        g.writeEndArray();
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", path, e.toString());
        }
    }

    // What a snapshot holds, restricted to a scope: the same rules for the whole snapshot and for a delta's entries.

    List<Snapshot.ApiEntry> apis(Scope scope) {
        Scope.Query q = scope.restrict("lifecycle in :routed", "id in :apis", Map.of("routed", ROUTED));
        return Api.<Api>find(q.jpql(), q.params()).stream().map(SnapshotService::apiEntry).toList();
    }

    /** Plans whose product grants a routed API (published or deprecated). */
    List<Snapshot.PlanEntry> plans(Scope scope) {
        Scope.Query q = scope.restrict(
                "product.id in (select pa.product.id from ProductApi pa where pa.api.lifecycle in :routed)",
                "id in :plans or product.id in (select pb.product.id from ProductApi pb where pb.api.id in :apis)",
                Map.of("routed", ROUTED));
        return Plan.<Plan>find(q.jpql(), q.params()).stream()
                .map(p -> new Snapshot.PlanEntry(p.id, p.product.id, p.api == null ? null : p.api.id, p.name, p.limitKey.code(), p.limitMode.code(),
                        p.degradedMode.code(), p.timeZone,
                        p.limits.stream().map(l -> new PlanView.LimitView(l.kind, l.maxRequests, l.timeUnit)).toList()))
                .toList();
    }

    // Applications, subscriptions and keys are the collections that grow with partners: they are read as rows
    // (no managed entities), so a snapshot or delta of 100,000 keys does not hold 100,000 entities.

    List<Snapshot.ApplicationEntry> applications(Scope scope) {
        try (Stream<Snapshot.ApplicationEntry> s = applicationRows(scope, false)) {
            return s.toList();
        }
    }

    List<Snapshot.SubscriptionEntry> subscriptions(Scope scope) {
        try (Stream<Snapshot.SubscriptionEntry> s = subscriptionRows(scope, false)) {
            return s.toList();
        }
    }

    List<Snapshot.KeyEntry> keys(Scope scope) {
        try (Stream<Snapshot.KeyEntry> s = keyRows(scope, false)) {
            return s.toList();
        }
    }

    private Stream<Snapshot.ApplicationEntry> applicationRows(Scope scope, boolean byId) {
        Scope.Query q = scope.restrict("status = :app and organization.status = :org",
                "id in :applications or organization.id in :organizations",
                Map.of("app", ApplicationStatus.ACTIVE, "org", OrganizationStatus.ACTIVE));
        return rows("SELECT id, organization.id, name, oauthClientId FROM Application WHERE ", q, byId)
                .map(r -> new Snapshot.ApplicationEntry((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3]));
    }

    /** Active subscriptions of active applications whose product grants a routed API, each with its grants. */
    private Stream<Snapshot.SubscriptionEntry> subscriptionRows(Scope scope, boolean byId) {
        Scope.Query q = scope.restrict("status = :sub and application.status = :app"
                        + " and application.organization.status = :org"
                        + " and plan.product.id in (select pa.product.id from ProductApi pa where pa.api.lifecycle in :routed)",
                "id in :subscriptions or application.id in :applications"
                        + " or application.organization.id in :organizations"
                        + " or plan.product.id in (select pb.product.id from ProductApi pb where pb.api.id in :apis)",
                Map.of("sub", SubscriptionStatus.ACTIVE, "app", ApplicationStatus.ACTIVE,
                        "org", OrganizationStatus.ACTIVE, "routed", ROUTED));
        Map<UUID, List<Snapshot.Grant>> grants = grants();
        return rows("SELECT id, application.id, plan.id, api.id, plan.product.id FROM Subscription WHERE ", q, byId)
                .map(r -> new Snapshot.SubscriptionEntry((UUID) r[0], (UUID) r[1], (UUID) r[2], (UUID) r[3],
                        grants.getOrDefault((UUID) r[4], List.of())));
    }

    /**
     * What each product grants, by product id: its APIs sorted by id as text, route ids sorted the same way and
     * methods alphabetically (as stored), so equal grants serialize, and digest, alike. Products are few.
     */
    private Map<UUID, List<Snapshot.Grant>> grants() {
        Map<UUID, List<Snapshot.Grant>> byProduct = new HashMap<>();
        em.createQuery("SELECT pa.product.id, pa.api.id, pa.routeIds, pa.methods FROM ProductApi pa", Object[].class)
                .getResultStream()
                .forEach(r -> byProduct.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(new Snapshot.Grant(
                        (UUID) r[1], List.of((UUID[]) r[2]), List.of((String[]) r[3]))));
        byProduct.values().forEach(l -> l.sort(Comparator.comparing(g -> g.apiId().toString())));
        return byProduct;
    }

    private Stream<Snapshot.KeyEntry> keyRows(Scope scope, boolean byId) {
        Scope.Query q = scope.restrict("status = :key and application.status = :app and application.organization.status = :org",
                "id in :keys or application.id in :applications or application.organization.id in :organizations",
                Map.of("key", KeyStatus.ACTIVE, "app", ApplicationStatus.ACTIVE, "org", OrganizationStatus.ACTIVE));
        return rows("SELECT id, keyHash, prefix, application.id, expiresAt FROM ApiKey WHERE ", q, byId)
                .map(r -> new Snapshot.KeyEntry((UUID) r[0], (String) r[1], (String) r[2], (UUID) r[3], (Instant) r[4]));
    }

    /**
     * The rows of a query, read through a cursor {@value #FETCH_SIZE} at a time (PostgreSQL streams inside a
     * transaction when a fetch size is set); {@code byId} sorts them by id, which PostgreSQL orders as the UUIDs' text
     * does. Close the stream.
     */
    private Stream<Object[]> rows(String select, Scope.Query q, boolean byId) {
        TypedQuery<Object[]> query = em.createQuery(select + q.jpql() + (byId ? " ORDER BY id" : ""), Object[].class);
        q.params().map().forEach(query::setParameter);
        query.setHint(HibernateHints.HINT_FETCH_SIZE, FETCH_SIZE);
        query.setHint(HibernateHints.HINT_READ_ONLY, true);
        return query.getResultStream();
    }

    private static Snapshot.ApiEntry apiEntry(Api a) {
        GatewayOptions.ApiOptions o = a.options();
        return new Snapshot.ApiEntry(a.id, a.slug, a.name, a.version, a.lifecycle.code(), a.sunsetAt, a.deprecatedAt,
                a.routes.stream().map(SnapshotService::routeEntry).toList(),
                a.targets.stream().filter(t -> t.enabled).map(t -> new Snapshot.TargetEntry(t.id, t.url, t.weight)).toList(),
                o == null ? null : o.cors(), o == null ? null : o.ipAccess(),
                o == null ? null : o.healthCheck(), o == null ? null : o.circuitBreaker(), o == null ? null : o.auth(),
                o == null ? null : o.forwardUnsafeHeaders(), o == null ? null : o.accessLog(),
                o == null ? null : o.scrubHeaders());
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
