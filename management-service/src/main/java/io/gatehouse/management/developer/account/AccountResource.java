package io.gatehouse.management.developer.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.gatehouse.management.developer.ClientAddress;
import io.gatehouse.management.developer.session.Partner;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The developer API's account routes, used by the portal: sign-up, email verification, login,
 * logout, password reset, and who the session belongs to.
 */
@Path("/developer/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    static final String SIGNUP_ACCEPTED = "If this address can be used, a mail with a link to verify it is on its way.";
    static final String RESET_ACCEPTED = "If this address has an account, a mail with a link to reset the password is on its way.";

    private final AccountService accounts;
    private final AccountThrottle throttle;
    private final DeveloperMail mail;
    private final ClientAddress clientAddress;
    private final SecurityIdentity identity;

    public AccountResource(AccountService accounts, AccountThrottle throttle, DeveloperMail mail, ClientAddress clientAddress,
                           SecurityIdentity identity) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.mail = mail;
        this.clientAddress = clientAddress;
        this.identity = identity;
    }

    /** Signs up a partner and their organization. The same 202 whether the email had an account or not. */
    @APIResponse(responseCode = "202", description = "Accepted; a mail follows if the address can be used",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountViews.Accepted.class)))
    @POST
    @Path("/signup")
    @PermitAll
    public Response signup(@Valid @NotNull AccountRequests.Signup request, @Context HttpServerRequest http) {
        String ip = clientAddress.of(http);
        throttle.check(AccountThrottle.Action.SIGNUP, request.email(), ip);
        throttle.record(AccountThrottle.Action.SIGNUP, request.email(), ip);
        mail.send(accounts.signup(request));
        return Response.accepted(new AccountViews.Accepted(SIGNUP_ACCEPTED)).build();
    }

    @POST
    @Path("/email-verifications")
    @PermitAll
    public AccountViews.Accepted verify(@Valid @NotNull AccountRequests.Verify request) {
        accounts.verifyEmail(request.token());
        return new AccountViews.Accepted("Your email address is verified.");
    }

    /**
     * Logs in: a new session whose token is in this answer only. Wrong email and wrong password
     * answer the same; after too many failures per account or per IP, 429 until the window passes.
     */
    @APIResponse(responseCode = "201", description = "A session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountViews.NewSession.class)))
    @POST
    @Path("/sessions")
    @PermitAll
    public Response login(@Valid @NotNull AccountRequests.Login request, @Context HttpServerRequest http) {
        String ip = clientAddress.of(http);
        throttle.check(AccountThrottle.Action.LOGIN_FAILED, request.email(), ip);
        var user = accounts.authenticate(request.email(), request.password());
        if (user.isEmpty()) {
            throttle.record(AccountThrottle.Action.LOGIN_FAILED, request.email(), ip);
            throw new ApiProblem(ProblemType.INVALID_CREDENTIALS, "The email or password is not right.");
        }
        throttle.clearFailures(request.email());
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(accounts.openSession(user.get().id)).build();
    }

    /** Logs out: the session is deleted, its token never works again. */
    @APIResponse(responseCode = "204", description = "Logged out")
    @DELETE
    @Path("/sessions/current")
    @RolesAllowed(Partner.ROLE)
    public Response logout() {
        accounts.closeSession(Partner.of(identity).sessionId());
        return Response.noContent().build();
    }

    @APIResponse(responseCode = "202", description = "Accepted; a mail follows if the address has an account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountViews.Accepted.class)))
    @POST
    @Path("/password-resets")
    @PermitAll
    public Response requestReset(@Valid @NotNull AccountRequests.ResetRequest request, @Context HttpServerRequest http) {
        String ip = clientAddress.of(http);
        throttle.check(AccountThrottle.Action.PASSWORD_RESET, request.email(), ip);
        throttle.record(AccountThrottle.Action.PASSWORD_RESET, request.email(), ip);
        mail.send(accounts.requestReset(request.email()));
        return Response.accepted(new AccountViews.Accepted(RESET_ACCEPTED)).build();
    }

    @POST
    @Path("/password-resets/confirm")
    @PermitAll
    public AccountViews.Accepted confirmReset(@Valid @NotNull AccountRequests.ResetConfirm request) {
        String email = accounts.confirmReset(request.token(), request.password());
        throttle.clearFailures(email);
        return new AccountViews.Accepted("Your password is changed. Log in with the new one.");
    }

    @GET
    @Path("/me")
    @RolesAllowed(Partner.ROLE)
    public AccountViews.Me me() {
        return accounts.me(Partner.of(identity));
    }
}
