package io.gatehouse.portal.organization;

import io.gatehouse.portal.account.ClientInfo;
import io.gatehouse.passwords.PasswordPolicy;
import io.gatehouse.portal.account.ManagementAccounts;
import io.gatehouse.portal.session.CsrfTokens;
import io.gatehouse.portal.session.ManagementProblem;
import io.gatehouse.portal.session.PortalSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import io.gatehouse.portal.layout.Confirmation;
import io.gatehouse.portal.layout.SeeOther;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The organization page (members, pending invitations, invite, change roles, remove) and the
 * page an invitation mail links to. Management decides who may do what: a developer's owner-only
 * action comes back as a 403 shown on the page. The mailed link opens a form; only its submit
 * uses the token up, so mail scanners that follow links cannot.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OrganizationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance organization(ManagementAccounts.Me me, List<ManagementOrganization.Member> members,
                                                    List<ManagementOrganization.Invitation> invitations, String notice,
                                                    String error, String email, String role);

        static native TemplateInstance accept(ManagementOrganization.Offer offer, String token, String error, String name);

        static native TemplateInstance invitationNotice(String title, String message, String next, String nextText);
    }

    private final ManagementOrganization management;
    private final ManagementAccounts accounts;
    private final PortalSession session;
    private final ClientInfo client;
    private final PasswordPolicy passwords;
    private final CsrfTokens csrf;

    public OrganizationPages(@RestClient ManagementOrganization management, @RestClient ManagementAccounts accounts,
                             PortalSession session, ClientInfo client, PasswordPolicy passwords, CsrfTokens csrf) {
        this.csrf = csrf;
        this.management = management;
        this.accounts = accounts;
        this.session = session;
        this.client = client;
        this.passwords = passwords;
    }

    @GET
    @Path("/organization")
    public TemplateInstance organization(@QueryParam("invited") String invited, @QueryParam("changed") String changed) {
        String notice = invited != null ? "The invitation is on its way. Its link works once, until the expiry shown below."
                : changed != null ? "The change is saved." : null;
        return page(session.bearer(), notice, null, "", "developer");
    }

    @POST
    @Path("/organization/invitations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@RestForm String email, @RestForm String role) {
        String bearer = session.bearer();
        try {
            management.invite(bearer, Map.of("email", nn(email).trim(), "role", nn(role)));
            return SeeOther.to("/organization?invited=1").build();
        } catch (ManagementProblem p) {
            return refused(p, bearer, nn(email), nn(role));
        }
    }

    /** Asks before withdrawing an invitation (owners only: others see no invitations, so the 404 page). */
    @GET
    @Path("/organization/invitations/{id}/revoke")
    public TemplateInstance confirmRevoke(@PathParam("id") UUID id) {
        String bearer = session.bearer();
        boolean owner = "owner".equals(accounts.me(bearer).user().role());
        var invitation = (owner ? management.invitations(bearer) : List.<ManagementOrganization.Invitation>of()).stream()
                .filter(i -> i.id().equals(id)).findFirst().orElseThrow(NotFoundException::new);
        return new Confirmation("Withdraw the invitation of " + invitation.email() + "?",
                "The link in their mail stops working. This cannot be undone: to let them join later, invite them again.",
                "/organization/invitations/" + id + "/revoke", "Withdraw invitation", "/organization").page();
    }

    @POST
    @Path("/organization/invitations/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") UUID id) {
        String bearer = session.bearer();
        try {
            management.revoke(bearer, id);
            return SeeOther.to("/organization?changed=1").build();
        } catch (ManagementProblem p) {
            return refused(p, bearer, "", "developer");
        }
    }

    @POST
    @Path("/organization/members/{userId}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@PathParam("userId") UUID userId, @RestForm String role) {
        String bearer = session.bearer();
        try {
            management.changeRole(bearer, userId, Map.of("role", nn(role)));
            return SeeOther.to("/organization?changed=1").build();
        } catch (ManagementProblem p) {
            return refused(p, bearer, "", "developer");
        }
    }

    /** Asks before removing a member, or before leaving when the member is you. */
    @GET
    @Path("/organization/members/{userId}/remove")
    public TemplateInstance confirmRemove(@PathParam("userId") UUID userId) {
        String bearer = session.bearer();
        ManagementAccounts.Me me = accounts.me(bearer);
        String action = "/organization/members/" + userId + "/remove";
        if (userId.equals(me.user().id())) {
            return new Confirmation("Leave " + me.organization().name() + "?",
                    "Leaving closes your account and logs you out; the organization's applications and keys stay with it. "
                            + "This cannot be undone: to come back, an owner has to invite you again.",
                    action, "Leave " + me.organization().name(), "/organization").page();
        }
        var member = management.members(bearer).stream().filter(m -> m.userId().equals(userId)).findFirst()
                .orElseThrow(NotFoundException::new);
        return new Confirmation("Remove " + member.name() + " (" + member.email() + ") from " + me.organization().name() + "?",
                "Their account is closed and they are logged out; the applications and keys stay with the organization. "
                        + "This cannot be undone: to let them back, invite them again.",
                action, "Remove " + member.name(), "/organization").page();
    }

    /** Removes a member; removing yourself is leaving, which ends your account and this session. */
    @POST
    @Path("/organization/members/{userId}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("userId") UUID userId) {
        String bearer = session.bearer();
        boolean leaving = userId.equals(accounts.me(bearer).user().id());
        try {
            management.remove(bearer, userId);
        } catch (ManagementProblem p) {
            return refused(p, bearer, "", "developer");
        }
        if (leaving) {
            csrf.renew();
            return SeeOther.to("/organization/left").cookie(session.close()).build();
        }
        return SeeOther.to("/organization?changed=1").build();
    }

    /** Where leaving the organization lands (post/redirect/get). */
    @GET
    @Path("/organization/left")
    public TemplateInstance left() {
        return Templates.invitationNotice("You left the organization",
                "Your account is closed and you are logged out.", "/", "Browse the APIs");
    }

    /** The link in the invitation mail: who invites you where, and a form to choose your name and password. */
    @GET
    @Path("/invitations/accept")
    public Response acceptForm(@QueryParam("token") String token) {
        if (nn(token).isBlank()) {
            return Response.status(400).entity(Templates.invitationNotice("This invitation does not work",
                    "The link has no invitation in it. Open it from the invitation mail again.", "/", "Browse the APIs")).build();
        }
        try {
            return Response.ok(Templates.accept(management.preview(Map.of("token", nn(token))), nn(token), null, "")).build();
        } catch (ManagementProblem p) {
            return notWorking(p);
        }
    }

    @POST
    @Path("/invitations/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@RestForm String token, @RestForm String name, @RestForm String password) {
        if (passwords.refusal(password, name).isPresent()) {
            try {
                var offer = management.preview(Map.of("token", nn(token)));
                String why = passwords.refusal(password, name, offer.email(), offer.organizationName()).orElseThrow();
                return Response.status(400).entity(Templates.accept(offer, nn(token), why, nn(name))).build();
            } catch (ManagementProblem gone) {
                return notWorking(gone);
            }
        }
        try {
            var opened = management.accept(Map.of("token", nn(token), "name", nn(name), "password", nn(password)),
                    client.ip(), client.portalToken());
            csrf.renew();
            return SeeOther.to("/dashboard").cookie(session.open(opened.token())).build();
        } catch (ManagementProblem p) {
            if ("invalid-invitation".equals(p.type()) || "account-exists".equals(p.type()) || p.status() >= 500) {
                return notWorking(p);
            }
            // A name or password the form should have caught, or too many attempts: the form again, saying why.
            try {
                var offer = management.preview(Map.of("token", nn(token)));
                return Response.status(p.status() == 429 ? 429 : 400).entity(Templates.accept(offer, nn(token), p.detail(), nn(name)))
                        .build();
            } catch (ManagementProblem gone) {
                return notWorking(gone);
            }
        }
    }

    private TemplateInstance page(String bearer, String notice, String error, String email, String role) {
        ManagementAccounts.Me me = accounts.me(bearer);
        boolean owner = "owner".equals(me.user().role());
        return Templates.organization(me, management.members(bearer), owner ? management.invitations(bearer) : List.of(),
                notice, error, email, role);
    }

    /** Refusals a member can act on (not allowed, last owner, already a member, invalid form) are shown on the page. */
    private Response refused(ManagementProblem p, String bearer, String email, String role) {
        if (p.signedOut() || p.status() == 404 || p.status() >= 500) {
            throw p;
        }
        int status = p.status() == 403 || p.status() == 409 ? p.status() : 400;
        return Response.status(status).entity(page(bearer, null, p.detail(), email, role)).build();
    }

    private static Response notWorking(ManagementProblem p) {
        if ("account-exists".equals(p.type())) {
            return Response.status(409).entity(Templates.invitationNotice("You already have an account", p.detail(),
                    "/login", "Log in")).build();
        }
        if (p.status() >= 500) {
            throw p;
        }
        return Response.status(p.status() == 429 ? 429 : 400).entity(Templates.invitationNotice("This invitation does not work",
                p.detail(), "/", "Browse the APIs")).build();
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }
}
