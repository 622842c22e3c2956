package io.gatehouse.management.keys;

import io.gatehouse.management.applications.Application;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.common.Like;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class KeyService {

    private final KeyHasher hasher;
    private final ConfigChange changes;
    private final Clock clock;

    public KeyService(KeyHasher hasher, ConfigChange changes, Clock clock) {
        this.hasher = hasher;
        this.changes = changes;
        this.clock = clock;
    }

    /** Makes a key for the application; the returned key is not kept anywhere. */
    @Transactional
    public IssuedKey issue(UUID applicationId, KeyRequests.Issue req) {
        Application app = ApplicationService.find(applicationId);
        KeyMaterial material = KeyMaterial.generate();
        ApiKey k = new ApiKey();
        k.id = UUID.randomUUID();
        k.application = app;
        k.name = req == null || req.name() == null ? "default" : req.name();
        k.keyHash = hasher.hash(material.key());
        k.hashVersion = 1;
        k.prefix = material.prefix();
        k.lastFour = material.lastFour();
        k.status = KeyStatus.ACTIVE;
        k.createdAt = clock.instant();
        k.expiresAt = req == null ? null : req.expiresAt();
        k.persist();
        return new IssuedKey(material.key(), changes.record("key", k.id, "issued", null, KeyView.of(k)));
    }

    /**
     * Issues a new key with the old one's name and lets the old one expire after {@code grace}, so clients can
     * switch over without an outage (the gateway checks {@code expiresAt} on every request). A revoked or expired
     * key cannot be rotated: 409. The developer API and the console both rotate through here.
     */
    @Transactional
    public RotatedKey rotate(UUID keyId, Duration grace) {
        ApiKey old = find(keyId);
        Instant now = clock.instant();
        if (old.status == KeyStatus.REVOKED || (old.expiresAt != null && !old.expiresAt.isAfter(now))) {
            throw new ApiProblem(ProblemType.CONFLICT, "Key " + old.prefix + "… no longer works; create a new key instead.");
        }
        IssuedKey issued = issue(old.application.id, new KeyRequests.Issue(old.name, null));
        ApiKey fresh = ApiKey.findById(issued.details().id());
        fresh.rotatedFrom = old.id;

        KeyView before = KeyView.of(old);
        Instant until = now.plus(grace);
        if (old.expiresAt == null || old.expiresAt.isAfter(until)) {
            old.expiresAt = until;
        }
        KeyView previous = changes.record("key", old.id, "rotated", before, KeyView.of(old));
        return new RotatedKey(issued.key(), KeyView.of(fresh), previous);
    }

    /** Revokes the key; every gateway refuses it once it applied the resulting config version. */
    @Transactional
    public KeyView revoke(UUID keyId, String reason) {
        ApiKey k = find(keyId);
        if (k.status == KeyStatus.REVOKED) {
            return KeyView.of(k);
        }
        KeyView before = KeyView.of(k);
        // The statement in changes.revoked writes the key; the entity only shapes the answer, so it must not be
        // flushed as well (which would be a second UPDATE and a round trip).
        ApiKey.getEntityManager().detach(k);
        // Micro-seconds, as PostgreSQL stores it: the answer says exactly what a later read says.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        k.status = KeyStatus.REVOKED;
        k.revokedAt = at;
        k.revokedReason = reason;
        // Empty: revoked by someone else between the read and the statement; answer with what is stored.
        return changes.revoked(k.id, at, reason, before, KeyView.of(k)).orElseGet(() -> KeyView.of(find(keyId)));
    }

    @Transactional
    public List<KeyView> ofApplication(UUID applicationId) {
        Application app = ApplicationService.find(applicationId);
        return ApiKey.<ApiKey>find("application", Sort.descending("createdAt"), app).stream().map(KeyView::of).toList();
    }

    @Transactional
    public List<KeyView> byPrefix(String prefix) {
        String pattern = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return ApiKey.<ApiKey>find("prefix like ?1 escape '!'", Sort.descending("createdAt"), pattern).range(0, 99)
                .stream().map(KeyView::of).toList();
    }

    /** Keys whose prefix starts with {@code prefix} (null: all) in {@code status} (null: any), newest first. */
    @Transactional
    public Page<KeyView> search(String prefix, KeyStatus status, int offset, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (prefix != null) {
            q.append(" and prefix like :prefix escape '!'");
            p.and("prefix", Like.escape(prefix) + "%");
        }
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        var query = ApiKey.<ApiKey>find(q.toString(), Sort.descending("createdAt").and("id"), p);
        return new Page<>(query.range(offset, offset + limit - 1).stream().map(KeyView::of).toList(),
                query.count(), offset, limit);
    }

    @Transactional
    public KeyView get(UUID keyId) {
        return KeyView.of(find(keyId));
    }

    private static ApiKey find(UUID keyId) {
        ApiKey k = ApiKey.findById(keyId);
        if (k == null) {
            throw ApiProblem.notFound("Key", keyId);
        }
        return k;
    }
}
