package io.gatehouse.portal.apps;

import io.gatehouse.portal.account.ManagementAccounts;
import io.gatehouse.portal.plans.PlanOffer;
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
 * The signed-in partner's dashboard, applications, subscriptions and keys. Every page works
 * without JavaScript. Every form post that changes something answers 303 to a page; a new key
 * reaches its page through {@link KeysShownOnce} and is shown there once.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ApplicationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(ManagementAccounts.Me me, List<ManagementApplications.Application> apps);

        static native TemplateInstance applications(List<ManagementApplications.Application> apps);

        static native TemplateInstance create(String error, String name, String description);

        static native TemplateInstance detail(ManagementApplications.ApplicationDetail app,
                                              List<PlanOffer> plans, String error,
                                              ApplicationSettings settings,
                                              ManagementApplications.Subscription existing);

        static native TemplateInstance changePlan(ManagementApplications.Application app,
                                                  ManagementApplications.Subscription subscription,
                                                  PlanOffer current, List<PlanOffer> choices, String error);

        static native TemplateInstance newKey(ManagementApplications.Application app, String key,
                                              ManagementApplications.Key details, ManagementApplications.Key previous);

        static native TemplateInstance keyGone(ManagementApplications.Application app);
    }

    private final ManagementApplications management;
    private final ManagementAccounts accounts;
    private final PortalSession session;
    private final KeysShownOnce shownOnce;

    public ApplicationPages(@RestClient ManagementApplications management, @RestClient ManagementAccounts accounts,
                            PortalSession session, KeysShownOnce shownOnce) {
        this.management = management;
        this.accounts = accounts;
        this.session = session;
        this.shownOnce = shownOnce;
    }

    @GET
    @Path("/dashboard")
    public TemplateInstance dashboard() {
        String bearer = session.bearer();
        return Templates.dashboard(accounts.me(bearer), management.list(bearer));
    }

    @GET
    @Path("/applications")
    public TemplateInstance applications() {
        return Templates.applications(management.list(session.bearer()));
    }

    @GET
    @Path("/applications/new")
    public TemplateInstance createForm() {
        session.bearer();
        return Templates.create(null, "", "");
    }

    @POST
    @Path("/applications")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String name, @RestForm String description) {
        try {
            var app = management.create(session.bearer(), Map.of("name", nn(name), "description", nn(description)));
            return SeeOther.to("/applications/" + app.id()).build();
        } catch (ManagementProblem p) {
            if (p.signedOut() || p.status() >= 500) {
                throw p;
            }
            return Response.status(400).entity(Templates.create(p.detail(), name, description)).build();
        }
    }

    @GET
    @Path("/applications/{id}")
    public TemplateInstance detail(@PathParam("id") UUID id) {
        String bearer = session.bearer();
        var app = management.get(bearer, id);
        return Templates.detail(app, management.plans(bearer), null, ApplicationSettings.of(app.application()), null);
    }

    /**
     * Name and OAuth client id; an empty client id removes it. A refusal is shown next to the field it
     * concerns, in words (a taken client id: "Another application already uses this client id.").
     */
    @POST
    @Path("/applications/{id}/settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response settings(@PathParam("id") UUID id, @RestForm String name, @RestForm String oauthClientId) {
        String bearer = session.bearer();
        ApplicationSettings form = ApplicationSettings.submitted(name, oauthClientId);
        if (!form.valid()) {
            return settingsRefused(bearer, id, null, form);
        }
        try {
            management.update(bearer, id, Map.of("name", form.name(), "oauthClientId", form.oauthClientId()));
            return SeeOther.to("/applications/" + id).build();
        } catch (ManagementProblem p) {
            if (p.signedOut() || p.status() == 404 || p.status() >= 500) {
                throw p;
            }
            ApplicationSettings refused = form.refusedBy(p);
            return refused == null ? settingsRefused(bearer, id, p.detail(), form) : settingsRefused(bearer, id, null, refused);
        }
    }

    @POST
    @Path("/applications/{id}/subscriptions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subscribe(@PathParam("id") UUID id, @RestForm UUID planId) {
        String bearer = session.bearer();
        if (planId == null) {
            return detailWithError(bearer, id, "Choose a plan to subscribe to.");
        }
        try {
            management.subscribe(bearer, id, Map.of("planId", planId));
            return SeeOther.to("/applications/" + id).build();
        } catch (ManagementProblem p) {
            if (p.status() == 409) {
                return alreadySubscribed(p, bearer, id, planId);
            }
            return recoverable(p, bearer, id);
        }
    }

    /**
     * Subscribing to an API the application has a live subscription to: the page says so with the names and offers
     * what to do instead, next to the existing subscription: change its plan or cancel it.
     */
    private Response alreadySubscribed(ManagementProblem p, String bearer, UUID id, UUID planId) {
        var app = management.get(bearer, id);
        List<PlanOffer> plans = management.plans(bearer);
        PlanOffer chosen = plans.stream().filter(o -> o.id().equals(planId)).findFirst().orElse(null);
        var existing = chosen == null ? null : app.subscriptions().stream()
                .filter(s -> s.live() && (s.productId() != null && s.productId().equals(chosen.productId())
                        || chosen.apiId() != null && chosen.apiId().equals(s.apiId())))
                .findFirst().orElse(null);
        return Response.status(409).entity(Templates.detail(app, plans, p.detail(),
                ApplicationSettings.of(app.application()), existing)).build();
    }

    /**
     * Asks before cancelling, saying when it takes effect (at once) and what is still billed; an unknown, another
     * organization's or an already ended subscription is the 404 page.
     */
    @GET
    @Path("/applications/{id}/subscriptions/{subscriptionId}/cancel")
    public TemplateInstance confirmCancel(@PathParam("id") UUID id, @PathParam("subscriptionId") UUID subscriptionId) {
        var app = management.get(session.bearer(), id);
        var sub = app.subscriptions().stream().filter(s -> s.id().equals(subscriptionId) && s.live()).findFirst()
                .orElseThrow(NotFoundException::new);
        String appPath = "/applications/" + id;
        String what = sub.grants() + " (plan " + sub.planName() + ")";
        return new Confirmation("Cancel the subscription to " + what + "?",
                "Cancelling takes effect at once: from the moment you confirm, the gateway refuses the calls of "
                        + app.application().name() + " to " + sub.grants() + "."
                        + ("pending".equals(sub.status()) ? " Nothing is billed: the subscription was never active."
                        : " The flat fee of the current month is still owed in full; no later month is billed.")
                        + (sub.pendingPlanName() == null ? "" : " The change to plan " + sub.pendingPlanName()
                        + " that waits for approval is withdrawn.")
                        + " This cannot be undone: to call it again, subscribe anew.",
                appPath + "/subscriptions/" + subscriptionId + "/cancel", "Cancel subscription", appPath).page();
    }

    @POST
    @Path("/applications/{id}/subscriptions/{subscriptionId}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("id") UUID id, @PathParam("subscriptionId") UUID subscriptionId) {
        String bearer = session.bearer();
        try {
            management.cancel(bearer, id, subscriptionId);
            return SeeOther.to("/applications/" + id).build();
        } catch (ManagementProblem p) {
            return recoverable(p, bearer, id);
        }
    }

    /**
     * The plans the subscription may change to, with their prices and limits, and the rule that bills a change,
     * stated before the partner confirms.
     */
    @GET
    @Path("/applications/{id}/subscriptions/{subscriptionId}/plan")
    public TemplateInstance changePlanForm(@PathParam("id") UUID id, @PathParam("subscriptionId") UUID subscriptionId) {
        return changePlanPage(session.bearer(), id, subscriptionId, null);
    }

    @POST
    @Path("/applications/{id}/subscriptions/{subscriptionId}/plan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePlan(@PathParam("id") UUID id, @PathParam("subscriptionId") UUID subscriptionId,
                               @RestForm UUID planId) {
        String bearer = session.bearer();
        if (planId == null) {
            return Response.status(400).entity(changePlanPage(bearer, id, subscriptionId, "Choose the plan to change to."))
                    .build();
        }
        try {
            management.changePlan(bearer, id, subscriptionId, Map.of("planId", planId));
            return SeeOther.to("/applications/" + id).build();
        } catch (ManagementProblem p) {
            if (p.signedOut() || p.status() >= 500) {
                throw p;
            }
            String error = p.status() == 404 ? "That plan is not open for subscription any more; choose another."
                    : p.detail();
            return Response.status(p.status() == 404 ? 400 : p.status())
                    .entity(changePlanPage(bearer, id, subscriptionId, error)).build();
        }
    }

    private TemplateInstance changePlanPage(String bearer, UUID id, UUID subscriptionId, String error) {
        var app = management.get(bearer, id);
        var sub = app.subscriptions().stream().filter(s -> s.id().equals(subscriptionId) && s.canChangePlan())
                .findFirst().orElseThrow(NotFoundException::new);
        PlanOffer current = management.plans(bearer).stream().filter(o -> o.id().equals(sub.planId())).findFirst()
                .orElse(null);
        return Templates.changePlan(app.application(), sub, current,
                management.planChoices(bearer, id, subscriptionId), error);
    }

    @POST
    @Path("/applications/{id}/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response issueKey(@PathParam("id") UUID id, @RestForm String name) {
        String bearer = session.bearer();
        try {
            var issued = management.issueKey(bearer, id, name == null || name.isBlank() ? Map.of() : Map.of("name", name.trim()));
            return toShownOnce(id, new KeysShownOnce.Shown(id, issued.key(), issued.details(), null));
        } catch (ManagementProblem p) {
            return recoverable(p, bearer, id);
        }
    }

    @POST
    @Path("/applications/{id}/keys/{keyId}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rotateKey(@PathParam("id") UUID id, @PathParam("keyId") UUID keyId, @RestForm Integer graceHours) {
        String bearer = session.bearer();
        try {
            var rotated = management.rotateKey(bearer, id, keyId,
                    graceHours == null ? Map.of() : Map.of("graceHours", graceHours));
            return toShownOnce(id, new KeysShownOnce.Shown(id, rotated.key(), rotated.details(), rotated.previous()));
        } catch (ManagementProblem p) {
            return recoverable(p, bearer, id);
        }
    }

    /** Asks before revoking; an unknown, another organization's or an already revoked key is the 404 page. */
    @GET
    @Path("/applications/{id}/keys/{keyId}/revoke")
    public TemplateInstance confirmRevokeKey(@PathParam("id") UUID id, @PathParam("keyId") UUID keyId) {
        var app = management.get(session.bearer(), id);
        var key = app.keys().stream().filter(k -> k.id().equals(keyId) && k.active()).findFirst()
                .orElseThrow(NotFoundException::new);
        String appPath = "/applications/" + id;
        return new Confirmation("Revoke key " + key.prefix() + "…" + key.lastFour() + "?",
                "The gateway refuses this key from the moment you confirm, for every API of "
                        + app.application().name() + ". This cannot be undone: a revoked key never works again.",
                appPath + "/keys/" + keyId + "/revoke", "Revoke key", appPath).page();
    }

    @POST
    @Path("/applications/{id}/keys/{keyId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeKey(@PathParam("id") UUID id, @PathParam("keyId") UUID keyId) {
        management.revokeKey(session.bearer(), id, keyId);
        return SeeOther.to("/applications/" + id).build();
    }

    /**
     * The page of a key just issued or rotated, reached by the 303 that answered the form post. The
     * key is shown on the first GET only; a reload says it is no longer shown (410), and no cache may
     * keep either page.
     */
    @GET
    @Path("/applications/{id}/keys/shown/{ticket}")
    public Response shownKey(@PathParam("id") UUID id, @PathParam("ticket") String ticket) {
        String bearer = session.bearer();
        var shown = shownOnce.take(session.token().orElseThrow(), id, ticket);
        var app = management.get(bearer, id).application();
        TemplateInstance page = shown.map(s -> Templates.newKey(app, s.key(), s.details(), s.previous()))
                .orElseGet(() -> Templates.keyGone(app));
        return Response.status(shown.isPresent() ? 200 : 410).entity(page).header("Cache-Control", "no-store").build();
    }

    private Response toShownOnce(UUID id, KeysShownOnce.Shown shown) {
        String ticket = shownOnce.keep(session.token().orElseThrow(), shown);
        return SeeOther.to("/applications/" + id + "/keys/shown/" + ticket).header("Cache-Control", "no-store").build();
    }

    /** A refusal the partner can act on is shown on the application's page; the rest goes to the error pages. */
    private Response recoverable(ManagementProblem p, String bearer, UUID id) {
        if (p.signedOut() || p.status() == 404 || p.status() >= 500) {
            throw p;
        }
        return detailWithError(bearer, id, p.detail());
    }

    private Response detailWithError(String bearer, UUID id, String error) {
        var app = management.get(bearer, id);
        return Response.status(400).entity(Templates.detail(app, management.plans(bearer), error,
                ApplicationSettings.of(app.application()), null)).build();
    }

    /** The page again with the partner's input kept in the settings form. */
    private Response settingsRefused(String bearer, UUID id, String error, ApplicationSettings form) {
        return Response.status(400).entity(Templates.detail(management.get(bearer, id), management.plans(bearer), error, form,
                null)).build();
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }
}
