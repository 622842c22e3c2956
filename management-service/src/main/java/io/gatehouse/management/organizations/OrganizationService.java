package io.gatehouse.management.organizations;

import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.common.Like;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.common.Slug;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrganizationService {

    private final AuditLog audit;
    private final ConfigChange changes;
    private final Clock clock;
    private final EntityManager em;

    public OrganizationService(AuditLog audit, ConfigChange changes, Clock clock, EntityManager em) {
        this.audit = audit;
        this.changes = changes;
        this.clock = clock;
        this.em = em;
    }

    @Transactional
    public OrganizationView create(OrganizationRequests.Create req) {
        String name = ClientInput.requiredText("name", req.name());
        String slug = req.slug() != null ? req.slug() : Slug.of(name);
        if (Organization.count("slug", slug) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "An organization with slug '" + slug + "' already exists");
        }
        Organization o = new Organization();
        o.id = UUID.randomUUID();
        o.name = name;
        o.slug = slug;
        o.status = req.status() == null ? OrganizationStatus.ACTIVE : req.status();
        o.createdAt = o.updatedAt = clock.instant();
        o.persist();
        OrganizationView view = OrganizationView.of(o);
        audit.record("organization.created", "organization", o.id, null, view);
        return view;
    }

    @Transactional
    public OrganizationView update(UUID id, OrganizationRequests.Update req) {
        Organization o = find(id);
        String name = ClientInput.requiredText("name", req.name());
        OrganizationView before = OrganizationView.of(o);
        if (name != null) {
            o.name = name;
        }
        // The snapshot holds an organization's status (a suspended one's keys stop), not its name.
        boolean gatewaysCare = req.status() != null && req.status() != o.status;
        if (gatewaysCare) {
            o.status = req.status();
        }
        o.updatedAt = clock.instant();
        return changes.record("organization", id, "updated", before, OrganizationView.of(o), gatewaysCare);
    }

    @Transactional
    public OrganizationView get(UUID id) {
        return OrganizationView.of(find(id));
    }

    @Transactional
    public Page<OrganizationView> list(int offset, int limit) {
        var q = Organization.<Organization>findAll(Sort.by("name").and("id"));
        return new Page<>(q.range(offset, offset + limit - 1).stream().map(OrganizationView::of).toList(),
                q.count(), offset, limit);
    }

    /**
     * Organizations whose name or slug contains {@code text} (any case; null: all) in {@code status} (null: any),
     * newest first, so a fresh sign-up is on the first page.
     */
    @Transactional
    public Page<OrganizationView> search(String text, OrganizationStatus status, int offset, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (text != null) {
            q.append(" and (lower(name) like :text escape '!' or lower(slug) like :text escape '!')");
            p.and("text", Like.containing(text));
        }
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        var query = Organization.<Organization>find(q.toString(), Sort.descending("createdAt").and("id"), p);
        return new Page<>(query.range(offset, offset + limit - 1).stream().map(OrganizationView::of).toList(),
                query.count(), offset, limit);
    }

    /** The organization's members, owners first, then by name. */
    @Transactional
    public Page<MemberView> members(UUID id, int offset, int limit) {
        find(id);
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM organization_members WHERE organization_id = ?1")
                .setParameter(1, id).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT u.id, u.display_name, u.email, m.role, u.status, u.email_verified_at IS NOT NULL,
                               m.created_at, u.last_login_at
                        FROM organization_members m JOIN users u ON u.id = m.user_id
                        WHERE m.organization_id = ?1
                        ORDER BY (m.role = 'owner') DESC, lower(u.display_name), u.id
                        OFFSET ?2 LIMIT ?3""")
                .setParameter(1, id).setParameter(2, offset).setParameter(3, limit).getResultList();
        List<MemberView> members = rows.stream().map(r -> new MemberView((UUID) r[0], (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], (Boolean) r[5], instant(r[6]), instant(r[7]))).toList();
        return new Page<>(members, total, offset, limit);
    }

    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected time " + value.getClass());
    }

    public static Organization find(UUID id) {
        Organization o = Organization.findById(id);
        if (o == null) {
            throw ApiProblem.notFound("Organization", id);
        }
        return o;
    }
}
