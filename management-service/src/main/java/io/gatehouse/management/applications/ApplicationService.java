package io.gatehouse.management.applications;

import io.gatehouse.management.common.Like;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.organizations.Organization;
import io.gatehouse.management.organizations.OrganizationService;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ApplicationService {

    private final ConfigChange changes;
    private final Clock clock;

    public ApplicationService(ConfigChange changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
    }

    @Transactional
    public ApplicationView create(ApplicationRequests.Create req) {
        Organization org = OrganizationService.find(req.organizationId());
        String name = ClientInput.requiredText("name", req.name());
        if (Application.count("organization = ?1 and name = ?2", org, name) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "The organization already has an application named '" + name + "'");
        }
        Application a = new Application();
        a.id = UUID.randomUUID();
        a.organization = org;
        a.name = name;
        a.description = req.description() == null ? "" : req.description();
        a.status = ApplicationStatus.ACTIVE;
        a.createdAt = a.updatedAt = clock.instant();
        if (req.oauthClientId() != null) {
            a.oauthClientId = claimClientId(req.oauthClientId(), a.id);
        }
        a.persist();
        // The snapshot lists active applications: a new one is a config change (a delta adds it).
        return changes.record("application", a.id, "created", null, ApplicationView.of(a));
    }

    @Transactional
    public ApplicationView update(UUID id, ApplicationRequests.Update req) {
        Application a = find(id);
        ApplicationView before = ApplicationView.of(a);
        // The snapshot holds the name, status and OAuth client id: a change to any of them is a config change.
        boolean gatewaysCare = false;
        if (req.name() != null) {
            String name = ClientInput.requiredText("name", req.name());
            // Without this check a clash would reach the unique index and answer 500.
            if (Application.count("organization = ?1 and name = ?2 and id <> ?3", a.organization, name, id) > 0) {
                throw new ApiProblem(ProblemType.CONFLICT, "The organization already has an application named '" + name + "'",
                        List.of(new Problem.FieldError("name", "is already used by another application of the organization")));
            }
            gatewaysCare = !name.equals(a.name);
            a.name = name;
        }
        if (req.description() != null) {
            a.description = req.description();
        }
        if (req.status() != null && req.status() != a.status) {
            a.status = req.status();
            gatewaysCare = true;
        }
        if (req.oauthClientId() != null) {
            String clientId = req.oauthClientId().isEmpty() ? null : claimClientId(req.oauthClientId(), id);
            if (!java.util.Objects.equals(clientId, a.oauthClientId)) {
                a.oauthClientId = clientId;
                gatewaysCare = true;
            }
        }
        a.updatedAt = clock.instant();
        return changes.record("application", id, "updated", before, ApplicationView.of(a), gatewaysCare);
    }

    @Transactional
    public ApplicationView get(UUID id) {
        return ApplicationView.of(find(id));
    }

    @Transactional
    public Page<ApplicationView> list(UUID organizationId, int offset, int limit) {
        var q = organizationId == null
                ? Application.<Application>findAll(Sort.by("name").and("id"))
                : Application.<Application>find("organization.id = :org", Sort.by("name").and("id"),
                Parameters.with("org", organizationId));
        return new Page<>(q.range(offset, offset + limit - 1).stream().map(ApplicationView::of).toList(),
                q.count(), offset, limit);
    }

    /**
     * Applications of {@code organizationId} (null: of every organization) whose name contains {@code text}
     * (any case; null: all) in {@code status} (null: any), by name.
     */
    @Transactional
    public Page<ApplicationView> search(UUID organizationId, String text, ApplicationStatus status, int offset, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (organizationId != null) {
            q.append(" and organization.id = :org");
            p.and("org", organizationId);
        }
        if (text != null) {
            q.append(" and lower(name) like :text escape '!'");
            p.and("text", Like.containing(text));
        }
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        var query = Application.<Application>find(q.toString(), Sort.by("name").and("id"), p);
        return new Page<>(query.range(offset, offset + limit - 1).stream().map(ApplicationView::of).toList(),
                query.count(), offset, limit);
    }

    /** {@code clientId} if no other application has it; else 409. */
    private static String claimClientId(String clientId, UUID owner) {
        if (Application.count("oauthClientId = ?1 and id <> ?2", clientId, owner) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "Another application already has the OAuth client id '"
                    + clientId + "'", List.of(new Problem.FieldError("oauthClientId", "is already used by another application")));
        }
        return clientId;
    }

    public static Application find(UUID id) {
        Application a = Application.findById(id);
        if (a == null) {
            throw ApiProblem.notFound("Application", id);
        }
        return a;
    }
}
