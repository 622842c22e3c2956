package io.gatehouse.management.developer.applications;

import io.gatehouse.management.applications.Application;
import io.gatehouse.management.applications.ApplicationRequests;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.applications.ApplicationStatus;
import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.developer.DeveloperSettings;
import io.gatehouse.management.developer.account.PartnerUser;
import io.gatehouse.management.developer.session.Partner;
import io.gatehouse.management.keys.ApiKey;
import io.gatehouse.management.keys.IssuedKey;
import io.gatehouse.management.keys.KeyRequests;
import io.gatehouse.management.keys.KeyService;
import io.gatehouse.management.keys.KeyView;
import io.gatehouse.management.keys.RotatedKey;
import io.gatehouse.management.organizations.Organization;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.plans.Plan;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.subscriptions.Subscription;
import io.gatehouse.management.subscriptions.SubscriptionRequests;
import io.gatehouse.management.subscriptions.SubscriptionService;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A partner's applications, subscriptions and keys, always within the partner's organization:
 * an id of another organization is answered exactly like an id that does not exist (404).
 * The work itself is done by the admin-side services, so audit and gateway config behave the same.
 */
@ApplicationScoped
public class PartnerApplicationService {

    private final ApplicationService applications;
    private final SubscriptionService subscriptions;
    private final KeyService keys;
    private final DeveloperSettings settings;
    private final Clock clock;

    public PartnerApplicationService(ApplicationService applications, SubscriptionService subscriptions, KeyService keys,
                                     DeveloperSettings settings, Clock clock) {
        this.applications = applications;
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    public List<ApplicationView> list(Partner partner) {
        return Application.<Application>find("organization.id = ?1", Sort.by("name").and("id"), partner.organizationId())
                .stream().map(ApplicationView::of).toList();
    }

    @Transactional
    public ApplicationView create(Partner partner, DeveloperRequests.CreateApplication req) {
        ApplicationView view = applications.create(
                new ApplicationRequests.Create(partner.organizationId(), req.name(), req.description()));
        Application.<Application>findById(view.id()).createdBy = partner.userId();
        return view;
    }

    @Transactional
    public DeveloperViews.ApplicationDetail detail(Partner partner, UUID applicationId) {
        Application app = owned(partner, applicationId);
        Instant now = clock.instant();
        List<DeveloperViews.SubscriptionSummary> subs = Subscription.<Subscription>find("application", Sort.descending("createdAt"), app)
                .stream().map(s -> DeveloperViews.SubscriptionSummary.of(s, now)).toList();
        List<KeyView> appKeys = ApiKey.<ApiKey>find("application", Sort.descending("createdAt"), app)
                .stream().map(KeyView::of).toList();
        return new DeveloperViews.ApplicationDetail(ApplicationView.of(app), subs, appKeys);
    }

    /**
     * Name, description and OAuth client id, by any member of the owning organization. Done by the admin-side
     * update, so validation, the audit entry (actor: the partner) and the gateway config version are the same.
     */
    @Transactional
    public ApplicationView update(Partner partner, UUID applicationId, DeveloperRequests.UpdateApplication req) {
        Application app = owned(partner, applicationId);
        return applications.update(app.id,
                new ApplicationRequests.Update(req.name(), req.description(), null, req.oauthClientId()));
    }

    /** Public plans of published APIs, open for subscription. */
    @Transactional
    public List<DeveloperViews.PlanOffer> plans() {
        Instant now = clock.instant();
        return offered().stream().map(p -> DeveloperViews.PlanOffer.of(p, now)).toList();
    }

    /** Active at once, or pending until an admin approves (as the plan or the setting says). */
    @Transactional
    public DeveloperViews.SubscriptionSummary subscribe(Partner partner, UUID applicationId, UUID planId) {
        Application app = owned(partner, applicationId);
        Plan plan = offered().stream().filter(p -> p.id.equals(planId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Plan", planId));
        boolean pending = plan.approvalRequired
                || settings.subscriptionApproval() == DeveloperSettings.SubscriptionApproval.required;
        var created = subscriptions.create(new SubscriptionRequests.Create(app.id, plan.id,
                pending ? SubscriptionStatus.PENDING : SubscriptionStatus.ACTIVE));
        return DeveloperViews.SubscriptionSummary.of(Subscription.findById(created.id()), clock.instant());
    }

    /**
     * Cancels the subscription at once: the gateway refuses its calls from the new config version on. The flat fee
     * of the month it was active in stays owed (billing's rule: active at some moment of the month); no later month
     * is billed.
     */
    @Transactional
    public DeveloperViews.SubscriptionSummary cancel(Partner partner, UUID applicationId, UUID subscriptionId) {
        Subscription s = ownedSubscription(partner, applicationId, subscriptionId);
        if (s.status == SubscriptionStatus.CANCELLED || s.status == SubscriptionStatus.REJECTED) {
            throw new ApiProblem(ProblemType.CONFLICT, "This subscription is " + s.status.code() + " already.");
        }
        subscriptions.changeStatus(s.id, SubscriptionStatus.CANCELLED);
        return DeveloperViews.SubscriptionSummary.of(s, clock.instant());
    }

    /** The open plans a subscription may change to: the other open plans of its product. */
    @Transactional
    public List<DeveloperViews.PlanOffer> planChoices(Partner partner, UUID applicationId, UUID subscriptionId) {
        Subscription s = ownedSubscription(partner, applicationId, subscriptionId);
        Instant now = clock.instant();
        return offered().stream().filter(p -> !p.id.equals(s.plan.id) && PlanService.sameProduct(s.plan, p))
                .map(p -> DeveloperViews.PlanOffer.of(p, now)).toList();
    }

    /**
     * Moves the subscription to another open plan of its product: in force at once, or waiting for an admin's
     * approval (as the plan or the setting says) while the old plan stays in force. An open plan of another product
     * is a 409 {@code plan-not-in-product}; a plan that is not open is a 404, as on subscribe.
     */
    @Transactional
    public DeveloperViews.SubscriptionSummary changePlan(Partner partner, UUID applicationId, UUID subscriptionId,
                                                         UUID planId) {
        Subscription s = ownedSubscription(partner, applicationId, subscriptionId);
        Plan plan = offered().stream().filter(p -> p.id.equals(planId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Plan", planId));
        boolean approval = plan.approvalRequired
                || settings.subscriptionApproval() == DeveloperSettings.SubscriptionApproval.required;
        subscriptions.changePlan(s.id, plan.id, approval);
        return DeveloperViews.SubscriptionSummary.of(s, clock.instant());
    }

    @Transactional
    public IssuedKey issueKey(Partner partner, UUID applicationId, String name) {
        Application app = owned(partner, applicationId);
        requireReadyForKeys(partner, app);
        return keys.issue(app.id, new KeyRequests.Issue(ClientInput.requiredText("name", name), null));
    }

    @Transactional
    public List<KeyView> keys(Partner partner, UUID applicationId) {
        return keys.ofApplication(owned(partner, applicationId).id);
    }

    @Transactional
    public KeyView revokeKey(Partner partner, UUID applicationId, UUID keyId) {
        ApiKey key = ownedKey(partner, applicationId, keyId);
        return keys.revoke(key.id, "revoked by the partner in the developer portal");
    }

    /**
     * Issues a new key and lets the old one expire after the grace period, so clients can switch
     * over without an outage. The gateway checks {@code expiresAt} on every request.
     */
    @Transactional
    public DeveloperViews.RotatedKey rotateKey(Partner partner, UUID applicationId, UUID keyId, Integer graceHours) {
        ApiKey old = ownedKey(partner, applicationId, keyId);
        requireReadyForKeys(partner, old.application);
        Duration grace = graceHours == null ? settings.rotationGrace() : Duration.ofHours(graceHours);
        RotatedKey rotated = keys.rotate(old.id, grace);
        return new DeveloperViews.RotatedKey(rotated.key(), rotated.details(), rotated.previous());
    }

    private static List<Plan> offered() {
        return PlanOffers.open();
    }

    private static Application owned(Partner partner, UUID applicationId) {
        Application app = Application.<Application>find("id = ?1 and organization.id = ?2", applicationId,
                partner.organizationId()).firstResult();
        if (app == null) {
            throw ApiProblem.notFound("Application", applicationId);
        }
        return app;
    }

    private static Subscription ownedSubscription(Partner partner, UUID applicationId, UUID subscriptionId) {
        Application app = owned(partner, applicationId);
        Subscription s = Subscription.<Subscription>find("id = ?1 and application = ?2", subscriptionId, app).firstResult();
        if (s == null) {
            throw ApiProblem.notFound("Subscription", subscriptionId);
        }
        return s;
    }

    private static ApiKey ownedKey(Partner partner, UUID applicationId, UUID keyId) {
        Application app = owned(partner, applicationId);
        ApiKey key = ApiKey.<ApiKey>find("id = ?1 and application = ?2", keyId, app).firstResult();
        if (key == null) {
            throw ApiProblem.notFound("Key", keyId);
        }
        return key;
    }

    private static void requireReadyForKeys(Partner partner, Application app) {
        PartnerUser user = PartnerUser.findById(partner.userId());
        if (user.emailVerifiedAt == null) {
            throw new ApiProblem(ProblemType.CONFLICT,
                    "Verify your email address first: open the link in the mail we sent you.");
        }
        Organization org = app.organization;
        if (org.status != OrganizationStatus.ACTIVE) {
            throw new ApiProblem(ProblemType.CONFLICT, "Your organization is " + org.status.code()
                    + "; keys can be issued once an administrator has approved it.");
        }
        if (app.status != ApplicationStatus.ACTIVE) {
            throw new ApiProblem(ProblemType.CONFLICT, "This application is suspended; no key can be issued for it.");
        }
    }
}
