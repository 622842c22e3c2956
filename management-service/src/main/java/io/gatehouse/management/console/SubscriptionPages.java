package io.gatehouse.management.console;

import io.gatehouse.management.common.Page;
import io.gatehouse.management.security.Roles;
import io.gatehouse.management.subscriptions.SubscriptionListing;
import io.gatehouse.management.subscriptions.SubscriptionService;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;

import java.util.List;

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

    /** The filter as the form shows it; {@code back} is what the row forms send to come back here. */
    public record Filter(String q, String status, SubscriptionStatus[] statuses, String back) {
    }

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
                                 @QueryParam("offset") Integer offset) {
        SubscriptionStatus wanted = ConsoleForms.choice(SubscriptionStatus.class, "status", status);
        String text = ConsoleForms.text(q);
        Page<SubscriptionListing> page = subscriptions.listing(wanted, null, text, Pager.offset(offset), Pager.SIZE);
        List<Row> rows = page.items().stream().map(l -> new Row(l, SubscriptionService.nextStatuses(l.subscription().status())
                .stream().map(to -> PartnerPages.Move.of(l.subscription().status(), to)).toList())).toList();
        UriBuilder filters = UriBuilder.fromPath("/console/subscriptions");
        if (wanted != null) {
            filters.queryParam("status", wanted.code());
        }
        if (text != null) {
            filters.queryParam("q", text);
        }
        String back = PartnerPages.BACK_TO_SUBSCRIPTIONS + (wanted == null ? "" : ":" + wanted.code());
        Filter filter = new Filter(text == null ? "" : text, wanted == null ? "" : wanted.code(),
                SubscriptionStatus.values(), back);
        return Templates.subscriptions(ConsoleUser.of(identity), rows, filter, Pager.of(page, filters));
    }
}
