package io.gatehouse.management.keys;

import io.gatehouse.management.applications.Application;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.gatewayconfig.ConfigVersions;
import io.gatehouse.management.problem.ApiProblem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class KeyService {

    private final KeyHasher hasher;
    private final AuditLog audit;
    private final ConfigVersions config;
    private final Clock clock;

    public KeyService(KeyHasher hasher, AuditLog audit, ConfigVersions config, Clock clock) {
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
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
        config.bump("key", k.id);
        KeyView view = KeyView.of(k);
        audit.record("key.issued", "key", k.id, null, view);
        return new IssuedKey(material.key(), view);
    }

    /** Revokes the key; every gateway refuses it once it applied the resulting config version. */
    @Transactional
    public KeyView revoke(UUID keyId, String reason) {
        ApiKey k = find(keyId);
        if (k.status == KeyStatus.REVOKED) {
            return KeyView.of(k);
        }
        KeyView before = KeyView.of(k);
        k.status = KeyStatus.REVOKED;
        k.revokedAt = clock.instant();
        k.revokedReason = reason;
        config.bumpRevoked(k.id);
        KeyView after = KeyView.of(k);
        audit.record("key.revoked", "key", k.id, before, after);
        return after;
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
