package io.gatehouse.management.console;

import io.gatehouse.management.common.Page;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.Roles;
import io.gatehouse.management.subscriptions.SubscriptionListing;
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
 * Subscriptions and approvals: every subscription with the names of its organization, application, API and plan,
 * filtered by status and by a name, with the moves its status allows (approve, reject, suspend, reinstate, cancel),
 * posted to the same {@code /console/subscriptions/{id}/status} as on the partner pages.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SubscriptionPages {

    /** One row: the subscription with its names and the moves its status allows. */
    public record Row(SubscriptionListing listing, List<PartnerPages.Move> moves) {
    }

    /**
     * The filter as the form shows it; {@code back} is what the row forms send to come back here;
     * {@code planChange} whether only subscriptions with a plan change waiting for approval are listed.
     */
    public record Filter(String q, String status, SubscriptionStatus[] statuses, String back, boolean planChange) {
    }

    /** The {@code back} value of the plan-changes-waiting list. */
    static final String BACK_TO_PLAN_CHANGES = "plan-changes";

    @CheckedTemplate(basePath = "console/subscriptions")
    static class Templates {
        static native TemplateInstance subscriptions(ConsoleUser user, List<Row> rows, Filter filter, Pager pager);
    }

    private final SubscriptionService subscriptions;
    private final SecurityIdentity identity;

    public SubscriptionPages(SubscriptionService subscriptions, SecurityIdentity identity) {
        this.subscriptions = subscriptions;
        this.identity = identity;
    }

    @GET
    @Path("/subscriptions")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance list(@QueryParam("status") String status, @QueryParam("q") String q,
                                 @QueryParam("planChange") String planChange, @QueryParam("offset") Integer offset) {
        SubscriptionStatus wanted = ConsoleForms.choice(SubscriptionStatus.class, "status", status);
        String text = ConsoleForms.text(q);
        boolean changes = "pending".equals(planChange);
        if (planChange != null && !planChange.isEmpty() && !changes) {
            throw ApiProblem.invalidField("planChange", "pending, or leave it out");
        }
        Page<SubscriptionListing> page = subscriptions.listing(wanted, changes, null, text, Pager.offset(offset), Pager.SIZE);
        List<Row> rows = page.items().stream().map(l -> new Row(l, SubscriptionService.nextStatuses(l.subscription().status())
                .stream().map(to -> PartnerPages.Move.of(l.subscription().status(), to)).toList())).toList();
        UriBuilder filters = UriBuilder.fromPath("/console/subscriptions");
        if (wanted != null) {
            filters.queryParam("status", wanted.code());
        }
        if (text != null) {
            filters.queryParam("q", text);
        }
        if (changes) {
            filters.queryParam("planChange", "pending");
        }
        String back = changes ? BACK_TO_PLAN_CHANGES
                : PartnerPages.BACK_TO_SUBSCRIPTIONS + (wanted == null ? "" : ":" + wanted.code());
        Filter filter = new Filter(text == null ? "" : text, wanted == null ? "" : wanted.code(),
                SubscriptionStatus.values(), back, changes);
        return Templates.subscriptions(ConsoleUser.of(identity), rows, filter, Pager.of(page, filters));
    }

    /**
     * Approves or rejects the plan change a subscription waits with: approved, the new plan is in force from now
     * and gateways get its limits; rejected, the plan in force stays.
     */
    @POST
    @Path("/subscriptions/{id}/plan-change")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response decidePlanChange(@PathParam("id") UUID id, @RestForm String decision, @RestForm String back) {
        if (!"approve".equals(decision) && !"reject".equals(decision)) {
            throw ApiProblem.invalidField("decision", "approve or reject");
        }
        SubscriptionView changed = subscriptions.decidePlanChange(id, "approve".equals(decision));
        if (BACK_TO_PLAN_CHANGES.equals(back)) {
            return Response.seeOther(URI.create("/console/subscriptions?planChange=pending")).build();
        }
        return PartnerPages.back(back, changed.organizationId());
    }
}
