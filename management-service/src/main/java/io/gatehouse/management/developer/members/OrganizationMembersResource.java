package io.gatehouse.management.developer.members;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.gatehouse.management.developer.ClientAddress;
import io.gatehouse.management.developer.SecretTokens;
import io.gatehouse.management.developer.account.AccountService;
import io.gatehouse.management.developer.account.AccountThrottle;
import io.gatehouse.management.developer.account.AccountViews;
import io.gatehouse.management.developer.account.DeveloperMail;
import io.gatehouse.management.developer.session.Partner;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * The members of the partner's organization and invitations to join it. Reading the members is
 * for every member; inviting, revoking, changing roles and removing others is for owners (403
 * otherwise). Ids of other organizations answer 404. Accepting an invitation is public: the
 * mailed token is the credential.
 */
@Path("/developer/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationMembersResource {

    private final OrganizationMembers members;
    private final AccountService accounts;
    private final AccountThrottle throttle;
    private final SecretTokens tokens;
    private final DeveloperMail mail;
    private final ClientAddress clientAddress;
    private final SecurityIdentity identity;

    public OrganizationMembersResource(OrganizationMembers members, AccountService accounts, AccountThrottle throttle,
                                       SecretTokens tokens, DeveloperMail mail, ClientAddress clientAddress,
                                       SecurityIdentity identity) {
        this.members = members;
        this.accounts = accounts;
        this.throttle = throttle;
        this.tokens = tokens;
        this.mail = mail;
        this.clientAddress = clientAddress;
        this.identity = identity;
    }

    @GET
    @Path("/organization/members")
    @RolesAllowed(Partner.ROLE)
    public List<MemberViews.Member> members() {
        return members.members(me());
    }

    @PUT
    @Path("/organization/members/{userId}")
    @RolesAllowed(Partner.ROLE)
    public MemberViews.Member changeRole(@PathParam("userId") UUID userId, @Valid @NotNull MemberRequests.ChangeRole request) {
        return members.changeRole(me(), userId, request.role());
    }

    /** Removes a member (owners), or the caller themselves (leaving); their account and sessions end. */
    @APIResponse(responseCode = "204", description = "Removed")
    @DELETE
    @Path("/organization/members/{userId}")
    @RolesAllowed(Partner.ROLE)
    public Response remove(@PathParam("userId") UUID userId) {
        members.remove(me(), userId);
        return Response.noContent().build();
    }

    @GET
    @Path("/organization/invitations")
    @RolesAllowed(Partner.ROLE)
    public List<MemberViews.PendingInvitation> invitations() {
        return members.pendingInvitations(me());
    }

    /** Invites a teammate by email; the link is mailed after commit and never in this answer. */
    @APIResponse(responseCode = "201", description = "The invitation, sent",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MemberViews.PendingInvitation.class)))
    @POST
    @Path("/organization/invitations")
    @RolesAllowed(Partner.ROLE)
    public Response invite(@Valid @NotNull MemberRequests.Invite request) {
        OrganizationMembers.Invited invited = members.invite(me(), request);
        mail.send(invited.mail());
        return Response.created(URI.create("/developer/v1/organization/invitations/" + invited.invitation().id()))
                .entity(invited.invitation()).build();
    }

    @APIResponse(responseCode = "204", description = "Revoked")
    @DELETE
    @Path("/organization/invitations/{invitationId}")
    @RolesAllowed(Partner.ROLE)
    public Response revoke(@PathParam("invitationId") UUID invitationId) {
        members.revokeInvitation(me(), invitationId);
        return Response.noContent().build();
    }

    /** What an invitation link offers (organization, email, role), without using it up. */
    @POST
    @Path("/invitations/preview")
    @PermitAll
    public MemberViews.InvitationOffer preview(@Valid @NotNull MemberRequests.InvitationToken request) {
        return members.offer(request.token());
    }

    /**
     * Accepts an invitation: a new, verified account in the inviting organization, logged in at
     * once ({@code 201} with a session, like a login). Throttled with the sign-up limits, per
     * invitation and per client IP.
     */
    @APIResponse(responseCode = "201", description = "A session of the new member",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountViews.NewSession.class)))
    @POST
    @Path("/invitations/accept")
    @PermitAll
    public Response accept(@Valid @NotNull MemberRequests.Accept request, @Context HttpServerRequest http) {
        String ip = clientAddress.of(http);
        // The token's hash stands for the account: the token itself is never stored, not even here.
        String account = "invitation:" + tokens.hash(request.token());
        throttle.check(AccountThrottle.Action.INVITATION_ACCEPT, account, ip);
        throttle.record(AccountThrottle.Action.INVITATION_ACCEPT, account, ip);
        UUID userId = members.accept(request);
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(accounts.openSession(userId)).build();
    }

    private Partner me() {
        return Partner.of(identity);
    }
}
