package io.gatehouse.portal.account;

import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The management service's account routes ({@code /developer/v1}). Anonymous calls name the
 * browser's address ({@code X-Gatehouse-Client-IP}), believed by management only with the
 * portal's token, so it can throttle per IP.
 */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ManagementAccounts {

    String CLIENT_IP = "X-Gatehouse-Client-IP";
    String PORTAL_TOKEN = "X-Gatehouse-Portal-Token";

    @POST
    @Path("/signup")
    Accepted signup(Map<String, String> signup, @HeaderParam(CLIENT_IP) String ip, @HeaderParam(PORTAL_TOKEN) String portal);

    @POST
    @Path("/email-verifications")
    Accepted verify(Map<String, String> token);

    @POST
    @Path("/sessions")
    NewSession login(Map<String, String> credentials, @HeaderParam(CLIENT_IP) String ip, @HeaderParam(PORTAL_TOKEN) String portal);

    @DELETE
    @Path("/sessions/current")
    void logout(@HeaderParam("Authorization") String bearer);

    @POST
    @Path("/password-resets")
    Accepted requestReset(Map<String, String> email, @HeaderParam(CLIENT_IP) String ip, @HeaderParam(PORTAL_TOKEN) String portal);

    @POST
    @Path("/password-resets/confirm")
    Accepted confirmReset(Map<String, String> tokenAndPassword);

    @GET
    @Path("/me")
    Me me(@HeaderParam("Authorization") String bearer);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }

    record Accepted(String message) {
    }

    record NewSession(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewSession[expiresAt=" + expiresAt + "]";
        }
    }

    record Me(User user, Organization organization) {
    }

    record User(UUID id, String name, String email, boolean emailVerified, String role) {
    }

    record Organization(UUID id, String name, String status) {
        public boolean pending() {
            return "pending".equals(status);
        }
    }
}
