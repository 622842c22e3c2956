package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.organizations.OrganizationRequests;
import io.gatehouse.management.organizations.OrganizationService;
import io.gatehouse.management.organizations.OrganizationStatus;
import io.gatehouse.management.organizations.OrganizationView;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.Roles;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Partners: organizations (suspend, reinstate) and subscription requests waiting for approval. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class PartnerPages {

    /** A pending subscription with the names a person recognises. */
    public record PendingRow(SubscriptionView subscription, String organization, String application, String api,
                             String plan) {
    }

    @CheckedTemplate(basePath = "console/partners")
    static class Templates {
        static native TemplateInstance partners(ConsoleUser user, Page<OrganizationView> organizations,
                                                List<PendingRow> pending);
    }

    private final OrganizationService organizations;
    private final SubscriptionService subscriptions;
    private final ApplicationService applications;
    private final ApiService apis;
    private final PlanService plans;
    private final SecurityIdentity identity;

    public PartnerPages(OrganizationService organizations, SubscriptionService subscriptions,
                        ApplicationService applications, ApiService apis, PlanService plans, SecurityIdentity identity) {
        this.organizations = organizations;
        this.subscriptions = subscriptions;
        this.applications = applications;
        this.apis = apis;
        this.plans = plans;
        this.identity = identity;
    }

    @GET
    @Path("/partners")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance partners() {
        List<PendingRow> pending = subscriptions.list(null, SubscriptionStatus.PENDING, 0, Page.MAX_LIMIT).items().stream()
                .map(this::row).toList();
        return Templates.partners(ConsoleUser.of(identity), organizations.list(0, Page.MAX_LIMIT), pending);
    }

    /** Suspend (its keys stop at every gateway) or reinstate an organization. */
    @POST
    @Path("/organizations/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response organizationStatus(@PathParam("id") UUID id, @RestForm String status) {
        OrganizationStatus target = ConsoleForms.choice(OrganizationStatus.class, "status", status);
        if (target != OrganizationStatus.SUSPENDED && target != OrganizationStatus.ACTIVE) {
            throw ApiProblem.invalidField("status", "an organization is suspended or reinstated (active) here");
        }
        organizations.update(id, new OrganizationRequests.Update(null, target));
        return Response.seeOther(URI.create("/console/partners")).build();
    }

    /** Approve (active) or reject a pending subscription. */
    @POST
    @Path("/subscriptions/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response subscriptionStatus(@PathParam("id") UUID id, @RestForm String status) {
        SubscriptionStatus target = ConsoleForms.choice(SubscriptionStatus.class, "status", status);
        if (target == null) {
            throw ApiProblem.invalidField("status", "choose approve or reject");
        }
        subscriptions.changeStatus(id, target);
        return Response.seeOther(URI.create("/console/partners")).build();
    }

    private PendingRow row(SubscriptionView s) {
        ApplicationView app = applications.get(s.applicationId());
        return new PendingRow(s, organizations.get(s.organizationId()).name(), app.name(),
                apis.get(s.apiId()).name(), plans.get(s.planId()).name());
    }
}
