package io.gatehouse.management.console;

import io.gatehouse.management.applications.ApplicationRequests;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.keys.KeyService;
import io.gatehouse.management.keys.KeyView;
import io.gatehouse.management.organizations.MemberView;
import io.gatehouse.management.organizations.OrganizationRequests;
import io.gatehouse.management.organizations.OrganizationService;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.organizations.OrganizationView;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.Roles;
import io.gatehouse.management.subscriptions.SubscriptionRequests;
import io.gatehouse.management.subscriptions.SubscriptionGrants;
import io.gatehouse.management.subscriptions.SubscriptionService;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import io.gatehouse.management.subscriptions.SubscriptionView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Partners: organizations (approve or reject sign-ups, suspend, reinstate), subscription requests
 * waiting for approval, and one organization's page with its members, applications (with their OAuth
 * client ids), subscriptions and keys.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class PartnerPages {

    /** A pending subscription with the names a person recognises: its API, or its product of several APIs. */
    public record PendingRow(SubscriptionView subscription, String organization, String application,
                             SubscriptionGrants grants, String plan) {
    }

    /** What a button does to a subscription: the status it sends and the word a person reads. */
    public record Move(String status, String label, boolean danger) {
        static Move of(SubscriptionStatus from, SubscriptionStatus to) {
            return switch (to) {
                case ACTIVE -> new Move(to.code(), from == SubscriptionStatus.PENDING ? "Approve" : "Reinstate", false);
                case REJECTED -> new Move(to.code(), "Reject", true);
                case SUSPENDED -> new Move(to.code(), "Suspend", true);
                case CANCELLED -> new Move(to.code(), "Cancel", true);
                case PENDING -> new Move(to.code(), "Back to pending", false);
            };
        }
    }

    /**
     * A subscription of an application, with the names of what it grants (its API, or its product of several APIs)
     * and of its plan, and the moves it allows.
     */
    public record SubscriptionRow(SubscriptionView subscription, SubscriptionGrants grants, String plan, List<Move> moves) {
    }

    /**
     * An application of the organization with its subscriptions and (for roles that read keys) its keys.
     *
     * @param clientId      the OAuth client id field as shown: the stored one, or what was typed when it was refused
     * @param clientIdError why the typed client id was refused; null when it was not
     */
    public record ApplicationRow(ApplicationView application, List<SubscriptionRow> subscriptions, List<KeyView> keys,
                                 String clientId, String clientIdError) {
    }

    /** The organization list's filter as the form shows it. */
    public record OrganizationFilter(String q, String status, OrganizationStatus[] statuses) {
    }

    /** Pending subscription requests shown on the partners page; the rest are on the subscriptions page. */
    static final int PENDING_SHOWN = 20;

    @CheckedTemplate(basePath = "console/partners")
    static class Templates {
        static native TemplateInstance partners(ConsoleUser user, Page<OrganizationView> organizations,
                                                List<PendingRow> pending, long pendingTotal, OrganizationFilter filter,
                                                Pager pager);

        static native TemplateInstance organization(ConsoleUser user, OrganizationView organization,
                                                    Page<MemberView> members, List<ApplicationRow> applications,
                                                    Page<PlanService.Offer> offers);
    }

    /** The form value that sends the browser back to the organization's page after an action. */
    static final String BACK_TO_ORGANIZATION = "organization";

    /** The form value that sends the browser back to the subscriptions list, optionally {@code :<status filter>}. */
    static final String BACK_TO_SUBSCRIPTIONS = "subscriptions";

    private final OrganizationService organizations;
    private final SubscriptionService subscriptions;
    private final ApplicationService applications;
    private final PlanService plans;
    private final KeyService keys;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public PartnerPages(OrganizationService organizations, SubscriptionService subscriptions,
                        ApplicationService applications, PlanService plans, KeyService keys,
                        ConsoleForms forms, SecurityIdentity identity) {
        this.organizations = organizations;
        this.subscriptions = subscriptions;
        this.applications = applications;
        this.plans = plans;
        this.keys = keys;
        this.forms = forms;
        this.identity = identity;
    }

    @GET
    @Path("/partners")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance partners(@QueryParam("q") String q, @QueryParam("status") String status,
                                     @QueryParam("offset") Integer offset) {
        Page<SubscriptionView> waiting = subscriptions.list(null, SubscriptionStatus.PENDING, 0, PENDING_SHOWN);
        List<PendingRow> pending = waiting.items().stream().map(this::row).toList();
        String text = ConsoleForms.text(q);
        OrganizationStatus wanted = ConsoleForms.choice(OrganizationStatus.class, "status", status);
        Page<OrganizationView> found = organizations.search(text, wanted, Pager.offset(offset), Pager.SIZE);
        UriBuilder filters = UriBuilder.fromPath("/console/partners");
        if (text != null) {
            filters.queryParam("q", text);
        }
        if (wanted != null) {
            filters.queryParam("status", wanted.code());
        }
        OrganizationFilter filter = new OrganizationFilter(text == null ? "" : text, wanted == null ? "" : wanted.code(),
                OrganizationStatus.values());
        return Templates.partners(ConsoleUser.of(identity), found, pending, waiting.total(), filter,
                Pager.of(found, filters));
    }

    /** A new organization made by an admin (active unless said otherwise), like {@code POST /admin/v1/organizations}. */
    @POST
    @Path("/organizations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response createOrganization(@RestForm String name, @RestForm String slug) {
        OrganizationView created = organizations.create(forms.valid(
                new OrganizationRequests.Create(ConsoleForms.text(name), ConsoleForms.text(slug), null)));
        return Response.seeOther(URI.create("/console/partners/" + created.id())).build();
    }

    /** Renames an organization, like {@code PATCH /admin/v1/organizations/{id}} with {@code name}. */
    @POST
    @Path("/organizations/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response renameOrganization(@PathParam("id") UUID id, @RestForm String name) {
        String typed = ConsoleForms.text(name);
        if (typed == null) {
            throw ApiProblem.invalidField("name", "must not be blank");
        }
        organizations.update(id, forms.valid(new OrganizationRequests.Update(typed, null)));
        return back(BACK_TO_ORGANIZATION, id);
    }

    /**
     * One organization: its members (role, verified, last login), its applications with their
     * subscriptions (approve, reject, suspend, reinstate, cancel) and, for roles that read keys,
     * their keys (prefix and last four; revoke).
     */
    @GET
    @Path("/partners/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance organization(@PathParam("id") UUID id) {
        return organizationPage(id, null, null, null);
    }

    /**
     * Sets an application's OAuth client id (the one its bearer tokens name), or removes it when the field is
     * empty: the same change as {@code PATCH /admin/v1/applications/{id}} with {@code oauthClientId}, so it is
     * audited and gateways get a new config version. A client id with spaces comes back as 400, one another
     * application has as 409, each said next to the field.
     */
    @POST
    @Path("/applications/{id}/oauth-client-id")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response oauthClientId(@PathParam("id") UUID id, @RestForm String oauthClientId) {
        ApplicationView app = applications.get(id);
        String typed = oauthClientId == null ? "" : oauthClientId.trim();
        ApplicationRequests.Update update = new ApplicationRequests.Update(null, null, null, typed);
        List<Problem.FieldError> errors = forms.violations(update);
        int status = 400;
        String error;
        if (errors.isEmpty()) {
            try {
                applications.update(id, update);
                return back(BACK_TO_ORGANIZATION, app.organizationId());
            } catch (ApiProblem p) {
                if (p.type() != ProblemType.CONFLICT) {
                    throw p;
                }
                status = 409;
                error = p.getMessage() + ": each client id names one application. Choose another one, or remove it there first.";
            }
        } else {
            error = errors.get(0).message();
        }
        TemplateInstance page = organizationPage(app.organizationId(), id, typed, error);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    /**
     * Subscribes an application to a published plan, like {@code POST /admin/v1/subscriptions}: active at once, since
     * an admin chose it (approval is for partners' own requests). Gateways get the change with the next config
     * version. A second live subscription to the same API is the 409 page that says to change the plan instead.
     */
    @POST
    @Path("/applications/{id}/subscriptions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response subscribe(@PathParam("id") UUID applicationId, @RestForm String planId) {
        ApplicationView app = applications.get(applicationId);
        UUID plan = ConsoleForms.id("planId", planId);
        SubscriptionView created = subscriptions.create(
                new SubscriptionRequests.Create(app.id(), plan, SubscriptionStatus.ACTIVE));
        return Response.seeOther(URI.create("/console/partners/" + app.organizationId() + "#subscription-" + created.id()))
                .build();
    }

    /** The organization's page; the application {@code refused} shows {@code typed} and {@code error} at its client id. */
    private TemplateInstance organizationPage(UUID id, UUID refused, String typed, String error) {
        ConsoleUser user = ConsoleUser.of(identity);
        OrganizationView organization = organizations.get(id);
        List<ApplicationRow> rows = applications.list(id, 0, Page.MAX_LIMIT).items().stream()
                .map(app -> {
                    boolean isRefused = app.id().equals(refused);
                    return new ApplicationRow(app,
                            subscriptions.list(app.id(), null, 0, Page.MAX_LIMIT).items().stream().map(this::subscriptionRow).toList(),
                            user.canReadKeys() ? keys.ofApplication(app.id()) : List.of(),
                            isRefused ? typed : app.oauthClientId(), isRefused ? error : null);
                })
                .toList();
        Page<PlanService.Offer> offers = user.canManagePartners() && !rows.isEmpty()
                ? plans.publishedOffers(Page.MAX_LIMIT) : new Page<>(List.of(), 0, 0, Page.MAX_LIMIT);
        return Templates.organization(user, organization, organizations.members(id, 0, Page.MAX_LIMIT), rows, offers);
    }

    /**
     * Approve (active) or reject a pending sign-up; suspend (its keys stop at every gateway) or
     * reinstate an organization.
     */
    @POST
    @Path("/organizations/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response organizationStatus(@PathParam("id") UUID id, @RestForm String status, @RestForm String back) {
        OrganizationStatus target = ConsoleForms.choice(OrganizationStatus.class, "status", status);
        OrganizationStatus current = organizations.get(id).status();
        boolean allowed = target == OrganizationStatus.ACTIVE
                || target == OrganizationStatus.SUSPENDED && current == OrganizationStatus.ACTIVE
                || target == OrganizationStatus.REJECTED && current == OrganizationStatus.PENDING;
        if (!allowed) {
            throw ApiProblem.invalidField("status", "an organization is approved or rejected while pending, "
                    + "suspended while active, and reinstated (active) here");
        }
        organizations.update(id, new OrganizationRequests.Update(null, target));
        return back(back, id);
    }

    /** Approve (active) or reject a pending subscription; suspend, reinstate or cancel one. */
    @POST
    @Path("/subscriptions/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response subscriptionStatus(@PathParam("id") UUID id, @RestForm String status, @RestForm String back) {
        SubscriptionStatus target = ConsoleForms.choice(SubscriptionStatus.class, "status", status);
        if (target == null) {
            throw ApiProblem.invalidField("status", "choose approve or reject");
        }
        SubscriptionView changed = subscriptions.changeStatus(id, target);
        return back(back, changed.organizationId());
    }

    /**
     * Where an action sends the browser: the organization's page or the subscriptions list (with the status filter
     * it had, {@code back=subscriptions:pending}) when it came from there, else the partners page.
     */
    static Response back(String back, UUID organizationId) {
        if (BACK_TO_ORGANIZATION.equals(back)) {
            return Response.seeOther(URI.create("/console/partners/" + organizationId)).build();
        }
        if (back != null && back.startsWith(BACK_TO_SUBSCRIPTIONS)) {
            UriBuilder to = UriBuilder.fromPath("/console/subscriptions");
            SubscriptionStatus filter = statusFilter(back.substring(BACK_TO_SUBSCRIPTIONS.length()));
            if (filter != null) {
                to.queryParam("status", filter.code());
            }
            return Response.seeOther(to.build()).build();
        }
        return Response.seeOther(URI.create("/console/partners")).build();
    }

    private static SubscriptionStatus statusFilter(String value) {
        String v = value.startsWith(":") ? value.substring(1) : value;
        for (SubscriptionStatus s : SubscriptionStatus.values()) {
            if (s.code().equals(v)) {
                return s;
            }
        }
        return null;
    }

    private SubscriptionRow subscriptionRow(SubscriptionView s) {
        List<Move> moves = SubscriptionService.nextStatuses(s.status()).stream().map(to -> Move.of(s.status(), to)).toList();
        return new SubscriptionRow(s, subscriptions.grants(s.id()), plans.get(s.planId()).name(), moves);
    }

    private PendingRow row(SubscriptionView s) {
        ApplicationView app = applications.get(s.applicationId());
        return new PendingRow(s, organizations.get(s.organizationId()).name(), app.name(),
                subscriptions.grants(s.id()), plans.get(s.planId()).name());
    }
}
