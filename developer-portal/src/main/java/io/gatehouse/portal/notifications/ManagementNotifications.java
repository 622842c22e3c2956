package io.gatehouse.portal.notifications;

import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The management service's {@code /developer/v1/account/notifications}: the signed-in partner's choice of mails. */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1/account/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ManagementNotifications {

    @GET
    Choices get(@HeaderParam("Authorization") String bearer);

    @PUT
    Choices put(@HeaderParam("Authorization") String bearer, Choices choices);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }

    /** One switch per topic, as management names them. */
    record Choices(boolean subscriptions, boolean keyExpiry, boolean quota, boolean invoices) {
    }
}
