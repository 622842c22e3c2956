package io.gatehouse.billing.planfeed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * management-service's billing feed, {@code GET /internal/v1/billing/plans} (contract:
 * {@code docs/billing-feed.md}), at {@code quarkus.rest-client.management.url}
 * ({@code GATEHOUSE_MANAGEMENT_URL}).
 */
@RegisterRestClient(configKey = "management")
@Path("/internal/v1/billing")
public interface ManagementBillingApi {

    @GET
    @Path("/plans")
    @Produces(MediaType.APPLICATION_JSON)
    FeedDocument plans(@HeaderParam("Authorization") String authorization);
}
