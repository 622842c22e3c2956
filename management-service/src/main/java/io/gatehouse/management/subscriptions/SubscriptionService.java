package io.gatehouse.management.subscriptions;

import io.gatehouse.management.applications.Application;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.common.Like;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.plans.PlanStatus;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class SubscriptionService {

    private static final Set<SubscriptionStatus> LIVE =
            EnumSet.of(SubscriptionStatus.PENDING, SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED);

    /** Allowed status moves; cancelled and rejected are final. */
    private static final Map<SubscriptionStatus, Set<SubscriptionStatus>> TRANSITIONS = Map.of(
            SubscriptionStatus.PENDING, EnumSet.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.REJECTED, SubscriptionStatus.CANCELLED),
            SubscriptionStatus.ACTIVE, EnumSet.of(SubscriptionStatus.SUSPENDED, SubscriptionStatus.CANCELLED),
            SubscriptionStatus.SUSPENDED, EnumSet.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED),
            SubscriptionStatus.CANCELLED, EnumSet.noneOf(SubscriptionStatus.class),
            SubscriptionStatus.REJECTED, EnumSet.noneOf(SubscriptionStatus.class));

    /** The statuses a subscription in {@code from} may move to, in a fixed order (for buttons). */
    public static java.util.List<SubscriptionStatus> nextStatuses(SubscriptionStatus from) {
        return TRANSITIONS.get(from).stream().sorted().toList();
    }

    private final ConfigChange changes;
    private final Clock clock;

    public SubscriptionService(ConfigChange changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
    }

    @Transactional
    public SubscriptionView create(SubscriptionRequests.Create req) {
        Application app = ApplicationService.find(req.applicationId());
        Plan plan = PlanService.find(req.planId());
        if (plan.status != PlanStatus.PUBLISHED) {
            throw new ApiProblem(ProblemType.CONFLICT, "Plan " + plan.id + " is " + plan.status.code() + " and takes no new subscriptions");
        }
        SubscriptionStatus status = req.status() == null ? SubscriptionStatus.ACTIVE : req.status();
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.PENDING) {
            throw ApiProblem.invalidField("status", "a new subscription is active or pending");
        }
        if (Subscription.count("application = ?1 and api = ?2 and status in ?3", app, plan.api, LIVE) > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "Application " + app.id
                    + " already has a subscription to API " + plan.api.id + "; cancel it or change its plan");
        }
        Instant now = clock.instant();
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.application = app;
        s.plan = plan;
        s.api = plan.api;
        s.status = status;
        s.requestedAt = s.createdAt = s.updatedAt = now;
        s.activatedAt = status == SubscriptionStatus.ACTIVE ? now : null;
        s.persist();
        return changes.record("subscription", s.id, "created", null, SubscriptionView.of(s));
    }

    @Transactional
    public SubscriptionView changeStatus(UUID id, SubscriptionStatus status) {
        Subscription s = find(id);
        if (s.status == status) {
            return SubscriptionView.of(s);
        }
        if (!TRANSITIONS.get(s.status).contains(status)) {
            throw new ApiProblem(ProblemType.INVALID_TRANSITION,
                    "A subscription cannot move from " + s.status.code() + " to " + status.code());
        }
        SubscriptionView before = SubscriptionView.of(s);
        Instant now = clock.instant();
        s.status = status;
        if (status == SubscriptionStatus.ACTIVE && s.activatedAt == null) {
            s.activatedAt = now;
        }
        if (status == SubscriptionStatus.CANCELLED || status == SubscriptionStatus.REJECTED) {
            s.endedAt = now;
        }
        s.updatedAt = now;
        return changes.record("subscription", id, status.code(), before, SubscriptionView.of(s));
    }

    @Transactional
    public SubscriptionView get(UUID id) {
        return SubscriptionView.of(find(id));
    }

    @Transactional
    public Page<SubscriptionView> list(UUID applicationId, SubscriptionStatus status, int offset, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (applicationId != null) {
            q.append(" and application.id = :app");
            p.and("app", applicationId);
        }
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        var query = Subscription.<Subscription>find(q.toString(), Sort.descending("createdAt").and("id"), p);
        return new Page<>(query.range(offset, offset + limit - 1).stream().map(SubscriptionView::of).toList(),
                query.count(), offset, limit);
    }

    /**
     * Subscriptions with the names of their organization, application, API and plan, in {@code status} (null: any),
     * of {@code organizationId} (null: any), whose organization, application or API name contains {@code text}
     * (any case; null: all); newest request first.
     */
    @Transactional
    public Page<SubscriptionListing> listing(SubscriptionStatus status, UUID organizationId, String text, int offset,
                                             int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        if (organizationId != null) {
            q.append(" and application.organization.id = :org");
            p.and("org", organizationId);
        }
        if (text != null) {
            q.append(" and (lower(application.organization.name) like :text escape '!'"
                    + " or lower(application.name) like :text escape '!' or lower(api.name) like :text escape '!')");
            p.and("text", Like.containing(text));
        }
        var query = Subscription.<Subscription>find(q.toString(), Sort.descending("requestedAt").and("id"), p);
        return new Page<>(query.range(offset, offset + limit - 1).stream().map(SubscriptionListing::of).toList(),
                query.count(), offset, limit);
    }

    static Subscription find(UUID id) {
        Subscription s = Subscription.findById(id);
        if (s == null) {
            throw ApiProblem.notFound("Subscription", id);
        }
        return s;
    }
}
