package io.gatehouse.management.subscriptions;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.applications.Application;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.common.Like;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.gatewayconfig.ConfigChange;
import io.gatehouse.management.notifications.SubscriptionNotices;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.plans.PlanStatus;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.products.ProductApi;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
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
    private final SubscriptionNotices notices;
    private final Clock clock;

    public SubscriptionService(ConfigChange changes, SubscriptionNotices notices, Clock clock) {
        this.changes = changes;
        this.notices = notices;
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
        List<ProductApi> grants = plan.product.grants();
        if (grants.isEmpty()) {
            throw new ApiProblem(ProblemType.CONFLICT, "Plan " + plan.name + " belongs to product " + plan.product.name
                    + ", which grants no API now.");
        }
        refuseSecondSubscription(app, grants.stream().map(g -> g.api.id).toList());
        Instant now = clock.instant();
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.application = app;
        s.plan = plan;
        // The first API the product grants: an older reader of subscriptions.api_id sees a part, never more.
        s.api = grants.get(0).api;
        s.status = status;
        s.requestedAt = s.createdAt = s.updatedAt = now;
        s.activatedAt = status == SubscriptionStatus.ACTIVE ? now : null;
        s.persist();
        notices.moved(s, null);
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
            PlanChange.pendingOf(s).ifPresent(c -> decide(c, PlanChangeStatus.WITHDRAWN, now));
        }
        s.updatedAt = now;
        notices.moved(s, before.status());
        return changes.record("subscription", id, status.code(), before, SubscriptionView.of(s));
    }

    /**
     * Moves an active subscription to {@code planId}, another published plan of the same product. Without approval the
     * new plan is in force from now: the subscription names it, gateways get a new config version (the new limits
     * as a delta) and the change is the subscription's plan history billing prorates by. With approval the change
     * waits ({@code pendingPlanId}) and the old plan stays in force until {@link #decidePlanChange}. A newer request
     * replaces a waiting one.
     *
     * @throws ApiProblem {@code plan-not-in-product} for a plan of another product, {@code conflict} for the plan in
     *                    force, a plan that takes no subscriptions, or a subscription that is not active
     */
    @Transactional
    public SubscriptionView changePlan(UUID id, UUID planId, boolean approvalRequired) {
        Subscription s = find(id);
        Plan plan = PlanService.find(planId);
        if (s.status != SubscriptionStatus.ACTIVE) {
            throw new ApiProblem(ProblemType.CONFLICT, "Only an active subscription can change plan; this one is "
                    + s.status.code() + (s.status == SubscriptionStatus.PENDING
                    ? ": cancel the request and subscribe to the other plan instead." : "."));
        }
        if (!PlanService.sameProduct(s.plan, plan)) {
            throw new ApiProblem(ProblemType.PLAN_NOT_IN_PRODUCT, "Plan " + plan.name + " belongs to "
                    + productName(plan) + ", not to " + productName(s.plan) + "; subscribe to it separately instead.");
        }
        if (plan.id.equals(s.plan.id)) {
            throw new ApiProblem(ProblemType.CONFLICT, "The subscription is on plan " + plan.name + " already.");
        }
        if (plan.status != PlanStatus.PUBLISHED) {
            throw new ApiProblem(ProblemType.CONFLICT, "Plan " + plan.name + " is " + plan.status.code()
                    + " and takes no new subscriptions.");
        }
        Instant now = clock.instant();
        SubscriptionView before = SubscriptionView.of(s);
        PlanChange.pendingOf(s).ifPresent(c -> {
            decide(c, PlanChangeStatus.WITHDRAWN, now);
            // Hibernate inserts before it updates: the withdrawal must reach the table before a new pending row does.
            PlanChange.flush();
        });
        PlanChange change = new PlanChange();
        change.id = UUID.randomUUID();
        change.subscription = s;
        change.fromPlan = s.plan;
        change.toPlan = plan;
        change.requestedAt = now;
        if (approvalRequired) {
            change.status = PlanChangeStatus.PENDING;
            change.persist();
            s.updatedAt = now;
            return changes.record("subscription", id, "plan-change-requested", before, SubscriptionView.of(s), false);
        }
        change.status = PlanChangeStatus.APPLIED;
        change.decidedAt = change.effectiveAt = now;
        change.persist();
        s.plan = plan;
        s.updatedAt = now;
        return changes.record("subscription", id, "plan-changed", before, SubscriptionView.of(s));
    }

    /**
     * An admin's decision on the plan change waiting for approval: approved, the new plan is in force from now (as
     * {@link #changePlan} without approval); rejected, the old plan stays and nothing reaches the gateways.
     *
     * @throws ApiProblem {@code no-pending-plan-change} when nothing waits
     */
    @Transactional
    public SubscriptionView decidePlanChange(UUID id, boolean approve) {
        Subscription s = find(id);
        PlanChange change = PlanChange.pendingOf(s).orElseThrow(() -> new ApiProblem(ProblemType.NO_PENDING_PLAN_CHANGE,
                "Subscription " + id + " has no plan change waiting for approval."));
        Instant now = clock.instant();
        SubscriptionView before = SubscriptionView.of(s);
        s.updatedAt = now;
        if (!approve) {
            decide(change, PlanChangeStatus.REJECTED, now);
            return changes.record("subscription", id, "plan-change-rejected", before, SubscriptionView.of(s), false);
        }
        if (change.toPlan.status != PlanStatus.PUBLISHED) {
            throw new ApiProblem(ProblemType.CONFLICT, "Plan " + change.toPlan.name + " is " + change.toPlan.status.code()
                    + " now and takes no new subscriptions; reject the change.");
        }
        decide(change, PlanChangeStatus.APPLIED, now);
        change.effectiveAt = now;
        s.plan = change.toPlan;
        return changes.record("subscription", id, "plan-changed", before, SubscriptionView.of(s));
    }

    /**
     * Refuses a new subscription of {@code app} to a product granting {@code apis} when a live subscription of it
     * already grants one of them: {@code conflict}, naming the application, the API and the plan it holds.
     */
    private static void refuseSecondSubscription(Application app, List<UUID> apis) {
        List<Object[]> held = Subscription.getEntityManager().createQuery("SELECT s, pa.api FROM Subscription s, ProductApi pa"
                        + " WHERE s.application = :app AND s.status IN :live AND pa.product = s.plan.product"
                        + " AND pa.api.id IN :apis ORDER BY s.requestedAt", Object[].class)
                .setParameter("app", app).setParameter("live", LIVE).setParameter("apis", apis).setMaxResults(1)
                .getResultList();
        if (!held.isEmpty()) {
            Subscription live = (Subscription) held.get(0)[0];
            Api api = (Api) held.get(0)[1];
            throw new ApiProblem(ProblemType.CONFLICT, app.name + " already has a subscription to " + api.name + " "
                    + api.version + " (plan " + live.plan.name + ", " + live.status.code() + ")."
                    + " Cancel it or change its plan on the application's page.");
        }
    }

    /** A plan's product as people know it: the API's name and version for a one-API product. */
    private static String productName(Plan p) {
        return p.api != null ? p.api.name + " " + p.api.version : "product " + p.product.name;
    }

    private static void decide(PlanChange change, PlanChangeStatus status, Instant at) {
        change.status = status;
        change.decidedAt = at;
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
     * of {@code organizationId} (null: any), whose organization, application, API or product name contains {@code text}
     * (any case; null: all); newest request first.
     */
    @Transactional
    public Page<SubscriptionListing> listing(SubscriptionStatus status, UUID organizationId, String text, int offset,
                                             int limit) {
        return listing(status, false, organizationId, text, offset, limit);
    }

    /** As {@link #listing(SubscriptionStatus, UUID, String, int, int)}; only those with a plan change waiting when {@code planChangePending}. */
    @Transactional
    public Page<SubscriptionListing> listing(SubscriptionStatus status, boolean planChangePending, UUID organizationId,
                                             String text, int offset, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (planChangePending) {
            q.append(" and id in (select c.subscription.id from PlanChange c where c.status = :pending)");
            p.and("pending", PlanChangeStatus.PENDING);
        }
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
                    + " or lower(application.name) like :text escape '!' or lower(api.name) like :text escape '!'"
                    + " or lower(plan.product.name) like :text escape '!')");
            p.and("text", Like.containing(text));
        }
        var query = Subscription.<Subscription>find(q.toString(), Sort.descending("requestedAt").and("id"), p);
        return new Page<>(query.range(offset, offset + limit - 1).stream().map(SubscriptionListing::of).toList(),
                query.count(), offset, limit);
    }

    /** What subscription {@code id} grants, named for people (its API, or its product of several APIs); 404 when unknown. */
    @Transactional
    public SubscriptionGrants grants(UUID id) {
        return SubscriptionGrants.of(find(id));
    }

    static Subscription find(UUID id) {
        Subscription s = Subscription.findById(id);
        if (s == null) {
            throw ApiProblem.notFound("Subscription", id);
        }
        return s;
    }
}
