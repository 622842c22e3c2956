package io.gatehouse.portal.organization;

import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The management service's organization routes: members and invitations for the signed-in
 * partner (owner-only ones answer 403 to developers), and the public invitation routes whose
 * credential is the mailed token.
 */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ManagementOrganization {

    String AUTH = "Authorization";
    String CLIENT_IP = "X-Gatehouse-Client-IP";
    String PORTAL_TOKEN = "X-Gatehouse-Portal-Token";

    @GET
    @Path("/organization/members")
    List<Member> members(@HeaderParam(AUTH) String bearer);

    @PUT
    @Path("/organization/members/{userId}")
    Member changeRole(@HeaderParam(AUTH) String bearer, @PathParam("userId") UUID userId, Map<String, String> role);

    @DELETE
    @Path("/organization/members/{userId}")
    void remove(@HeaderParam(AUTH) String bearer, @PathParam("userId") UUID userId);

    @GET
    @Path("/organization/invitations")
    List<Invitation> invitations(@HeaderParam(AUTH) String bearer);

    @POST
    @Path("/organization/invitations")
    Invitation invite(@HeaderParam(AUTH) String bearer, Map<String, String> invitation);

    @DELETE
    @Path("/organization/invitations/{id}")
    void revoke(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id);

    @POST
    @Path("/invitations/preview")
    Offer preview(Map<String, String> token);

    @POST
    @Path("/invitations/accept")
    NewSession accept(Map<String, String> acceptance, @HeaderParam(CLIENT_IP) String ip, @HeaderParam(PORTAL_TOKEN) String portal);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }

    record Member(UUID userId, String name, String email, String role, Instant joined) {
        public boolean owner() {
            return "owner".equals(role);
        }
    }

    record Invitation(UUID id, String email, String role, String invitedBy, Instant createdAt, Instant expiresAt,
                      boolean expired) {
    }

    record Offer(String email, String organizationName, String role, String invitedBy, Instant expiresAt) {
    }

    record NewSession(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewSession[expiresAt=" + expiresAt + "]";
        }
    }
}
