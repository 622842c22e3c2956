package io.gatehouse.portal.notifications;

import io.gatehouse.portal.layout.SeeOther;
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

/**
 * {@code /account/notifications}: which mails the signed-in partner gets (subscription decisions, keys about to expire,
 * quotas at 80 % and 100 %, invoices). One form of four checkboxes; saving posts and lands on the page again (303).
 * Each member chooses for themselves; management keeps the choice.
 */
@Path("/account/notifications")
@Produces(MediaType.TEXT_HTML)
public class NotificationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notifications(ManagementNotifications.Choices choices, String notice, String error);
    }

    private final ManagementNotifications management;
    private final PortalSession session;

    public NotificationPages(@RestClient ManagementNotifications management, PortalSession session) {
        this.management = management;
        this.session = session;
    }

    @GET
    public TemplateInstance page(@QueryParam("saved") String saved) {
        return Templates.notifications(management.get(session.bearer()),
                saved != null ? "Saved. Mails follow your choice from now on." : null, null);
    }

    /** A checkbox left unticked is absent from the form: that topic is turned off. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm String subscriptions, @RestForm String keyExpiry, @RestForm String quota,
                         @RestForm String invoices) {
        String bearer = session.bearer();
        ManagementNotifications.Choices choices = new ManagementNotifications.Choices(subscriptions != null,
                keyExpiry != null, quota != null, invoices != null);
        try {
            management.put(bearer, choices);
        } catch (ManagementProblem p) {
            if (p.signedOut() || p.status() >= 500) {
                throw p;
            }
            return Response.status(400).entity(Templates.notifications(choices, null, p.detail())).build();
        }
        return SeeOther.to("/account/notifications?saved=1").build();
    }
}
