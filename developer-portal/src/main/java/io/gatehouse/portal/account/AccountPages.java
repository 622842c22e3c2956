package io.gatehouse.portal.account;

import io.gatehouse.passwords.PasswordPolicy;
import io.gatehouse.portal.session.CsrfTokens;
import io.gatehouse.portal.session.ManagementProblem;
import io.gatehouse.portal.session.PortalSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import io.gatehouse.portal.layout.SeeOther;
import java.util.Map;

/**
 * Sign up, verify the email, log in and out, reset the password. Mailed links open a page with a
 * button rather than acting on GET, so a mail scanner that follows links uses no token up.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signup(String error, String name, String email, String company);

        static native TemplateInstance login(String error, String notice, String email);

        static native TemplateInstance logout();

        static native TemplateInstance verify(String token);

        static native TemplateInstance resetRequest(String error, String email);

        static native TemplateInstance resetConfirm(String error, String token);

        static native TemplateInstance notice(String title, String message, String next, String nextText);
    }

    private final ManagementAccounts management;
    private final PortalSession session;
    private final ClientInfo client;
    private final PasswordPolicy passwords;
    private final CsrfTokens csrf;

    public AccountPages(@RestClient ManagementAccounts management, PortalSession session, ClientInfo client,
                        PasswordPolicy passwords, CsrfTokens csrf) {
        this.csrf = csrf;
        this.management = management;
        this.session = session;
        this.client = client;
        this.passwords = passwords;
    }

    @GET
    @Path("/signup")
    public TemplateInstance signupForm() {
        return Templates.signup(null, "", "", "");
    }

    @POST
    @Path("/signup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signup(@RestForm String name, @RestForm String email, @RestForm String company, @RestForm String password) {
        var weak = passwords.refusal(password, name, email, company);
        if (weak.isPresent()) {
            return Response.status(400).entity(Templates.signup(weak.get(), name, email, company)).build();
        }
        try {
            management.signup(Map.of("name", nn(name), "email", nn(email), "company", nn(company),
                    "password", nn(password)), client.ip(), client.portalToken());
            return SeeOther.to("/signup/sent").build();
        } catch (ManagementProblem p) {
            return Response.status(formStatus(p)).entity(Templates.signup(p.detail(), name, email, company)).build();
        }
    }

    @GET
    @Path("/verify")
    public TemplateInstance verifyForm(@QueryParam("token") String token) {
        return Templates.verify(nn(token));
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response verify(@RestForm String token) {
        try {
            management.verify(Map.of("token", nn(token)));
            return SeeOther.to("/verify/done").build();
        } catch (ManagementProblem p) {
            return Response.status(formStatus(p)).entity(Templates.notice("This link does not work",
                    p.detail(), "/login", "Log in")).build();
        }
    }

    @GET
    @Path("/login")
    public TemplateInstance loginForm(@QueryParam("signedOut") String signedOut, @QueryParam("expired") String expired) {
        String notice = signedOut != null ? "You are logged out."
                : expired != null ? "Your session has ended. Please log in again." : null;
        return Templates.login(null, notice, "");
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String email, @RestForm String password) {
        try {
            var opened = management.login(Map.of("email", nn(email), "password", nn(password)), client.ip(), client.portalToken());
            csrf.renew();
            return SeeOther.to("/dashboard").cookie(session.open(opened.token())).build();
        } catch (ManagementProblem p) {
            String error = p.status() == 400 ? "Enter your email and password." : p.detail();
            return Response.status(formStatus(p)).entity(Templates.login(error, null, email)).build();
        }
    }

    @GET
    @Path("/logout")
    public TemplateInstance logoutForm() {
        return Templates.logout();
    }

    /** Ends the session at management (the token never works again) and clears the cookie. */
    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout() {
        session.token().ifPresent(t -> {
            try {
                management.logout("Bearer " + t);
            } catch (ManagementProblem alreadyGone) {
                // expired or logged out elsewhere: the cookie goes anyway
            }
        });
        csrf.renew();
        return SeeOther.to("/login?signedOut=1").cookie(session.close()).build();
    }

    @GET
    @Path("/reset-password")
    public TemplateInstance resetRequestForm() {
        return Templates.resetRequest(null, "");
    }

    @POST
    @Path("/reset-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response requestReset(@RestForm String email) {
        try {
            management.requestReset(Map.of("email", nn(email)), client.ip(), client.portalToken());
            return SeeOther.to("/reset-password/sent").build();
        } catch (ManagementProblem p) {
            return Response.status(formStatus(p)).entity(Templates.resetRequest(p.detail(), email)).build();
        }
    }

    @GET
    @Path("/reset-password/confirm")
    public TemplateInstance resetConfirmForm(@QueryParam("token") String token) {
        return Templates.resetConfirm(null, nn(token));
    }

    @POST
    @Path("/reset-password/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirmReset(@RestForm String token, @RestForm String password) {
        var weak = passwords.refusal(password);
        if (weak.isPresent()) {
            return Response.status(400).entity(Templates.resetConfirm(weak.get(), token)).build();
        }
        try {
            management.confirmReset(Map.of("token", nn(token), "password", nn(password)));
            return SeeOther.to("/reset-password/done").cookie(session.close()).build();
        } catch (ManagementProblem p) {
            return Response.status(formStatus(p)).entity(Templates.resetConfirm(p.detail(), token)).build();
        }
    }

    /**
     * The pages a form post redirects to (post/redirect/get): fixed words, so a reload repeats nothing.
     * Sign-up and reset say the same whether the address has an account.
     */
    @GET
    @Path("/signup/sent")
    public TemplateInstance signupSent() {
        return Templates.notice("Check your mail", "If this address can be used, a mail with a link to verify it is on its way."
                + " Open the link in it to verify your address, then log in.", "/login", "Log in");
    }

    @GET
    @Path("/verify/done")
    public TemplateInstance verified() {
        return Templates.notice("Email verified", "Your email address is verified. You can now create keys.", "/login", "Log in");
    }

    @GET
    @Path("/reset-password/sent")
    public TemplateInstance resetSent() {
        return Templates.notice("Check your mail",
                "If this address has an account, a mail with a link to reset the password is on its way.", "/login", "Log in");
    }

    @GET
    @Path("/reset-password/done")
    public TemplateInstance resetDone() {
        return Templates.notice("Password changed", "Your password is changed. Log in with the new one.", "/login", "Log in");
    }

    private static int formStatus(ManagementProblem p) {
        return p.status() >= 500 ? 503 : p.status() == 429 ? 429 : p.status() == 401 ? 401 : 400;
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }
}
