package io.gatehouse.management.planfeed;

import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What billing-metering calls (with the billing token) when it closes a period. */
@Path("/internal/v1/billing")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BILLING_SERVICE)
public class BillingFeedResource {

    private final BillingFeedService feed;

    public BillingFeedResource(BillingFeedService feed) {
        this.feed = feed;
    }

    @GET
    @Path("/plans")
    public BillingFeed plans() {
        return feed.feed();
    }
}
