package io.gatehouse.management.organizations;

import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.common.Slug;
import io.gatehouse.management.gatewayconfig.ConfigVersions;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

@ApplicationScoped
public class OrganizationService {

    private final AuditLog audit;
    private final ConfigVersions config;
    private final Clock clock;

    public OrganizationService(AuditLog audit, ConfigVersions config, Clock clock) {
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public OrganizationView create(OrganizationRequests.Create req) {
        String slug = req.slug() != null ? req.slug() : Slug.of(req.name());
        if (Organization.count("slug", slug) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "An organization with slug '" + slug + "' already exists");
        }
        Organization o = new Organization();
        o.id = UUID.randomUUID();
        o.name = req.name().trim();
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
        OrganizationView before = OrganizationView.of(o);
        if (req.name() != null) {
            o.name = req.name().trim();
        }
        if (req.status() != null && req.status() != o.status) {
            o.status = req.status();
            config.bump("organization", id);
        }
        o.updatedAt = clock.instant();
        OrganizationView after = OrganizationView.of(o);
        audit.record("organization.updated", "organization", id, before, after);
        return after;
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

    public static Organization find(UUID id) {
        Organization o = Organization.findById(id);
        if (o == null) {
            throw ApiProblem.notFound("Organization", id);
        }
        return o;
    }
}
