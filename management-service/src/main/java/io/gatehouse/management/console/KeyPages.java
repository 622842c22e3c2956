package io.gatehouse.management.console;

import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.gatewayconfig.ConfigAcknowledgements;
import io.gatehouse.management.keys.KeyRequests;
import io.gatehouse.management.keys.KeyService;
import io.gatehouse.management.keys.KeyStatus;
import io.gatehouse.management.keys.KeyView;
import io.gatehouse.management.keys.RotatedKey;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.security.AdminAccess;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestForm;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Keys: the list (filter by the prefix a partner reads out and by status), revoke, rotate, and the page that shows
 * a new key once. A new key's plaintext travels from the POST that made it to that page in a {@link KeyTickets}
 * ticket; reloading the page answers 410 Gone.
 */
@Path("/console/keys")
@Produces(MediaType.TEXT_HTML)
public class KeyPages {

    @CheckedTemplate(basePath = "console/keys")
    static class Templates {
        static native TemplateInstance keys(ConsoleUser user, String prefix, List<KeyView> keys, String hint,
                                            ConfigAcknowledgements.Propagation propagation, Filter filter, Pager pager);

        static native TemplateInstance shown(ConsoleUser user, KeyTickets.Ticket ticket, ApplicationView application);

        static native TemplateInstance gone(ConsoleUser user);
    }

    /** The status filter as the form shows it. */
    public record Filter(String status, KeyStatus[] statuses) {
    }

    /** The rotation grace periods the form offers, in hours (the developer API allows 0–168). */
    static final int MAX_GRACE_HOURS = 168;

    /** How long the console's revoke waits for the gateways before it shows where the revocation stands. */
    static final Duration REVOKE_WAIT = Duration.ofSeconds(2);

    private final KeyService keys;
    private final ApplicationService applications;
    private final ConfigAcknowledgements acknowledgements;
    private final KeyTickets tickets;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public KeyPages(KeyService keys, ApplicationService applications, ConfigAcknowledgements acknowledgements,
                    KeyTickets tickets, ConsoleForms forms, SecurityIdentity identity) {
        this.keys = keys;
        this.applications = applications;
        this.acknowledgements = acknowledgements;
        this.tickets = tickets;
        this.forms = forms;
        this.identity = identity;
    }

    /**
     * @param revokedIn after a revocation: the config version that holds it, whose state on the gateways the page
     *                  shows (as it is when the page is made)
     */
    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public TemplateInstance find(@QueryParam("prefix") String prefix, @QueryParam("status") String status,
                                 @QueryParam("offset") Integer offset, @QueryParam("revokedIn") Long revokedIn) {
        ConfigAcknowledgements.Propagation propagation = revokedIn == null || revokedIn < 1 ? null
                : acknowledgements.await(revokedIn, Duration.ZERO);
        String p = ConsoleForms.text(prefix);
        KeyStatus wanted = ConsoleForms.choice(KeyStatus.class, "status", status);
        Filter filter = new Filter(wanted == null ? "" : wanted.code(), KeyStatus.values());
        if (p != null && p.length() < 4) {
            Page<KeyView> none = new Page<>(List.of(), 0, 0, Pager.SIZE);
            return Templates.keys(ConsoleUser.of(identity), p, List.of(), "Give at least the first 4 characters of the key.",
                    propagation, filter, Pager.of(none, UriBuilder.fromPath("/console/keys")));
        }
        Page<KeyView> found = keys.search(p, wanted, Pager.offset(offset), Pager.SIZE);
        UriBuilder filters = UriBuilder.fromPath("/console/keys");
        if (p != null) {
            filters.queryParam("prefix", p);
        }
        if (wanted != null) {
            filters.queryParam("status", wanted.code());
        }
        String hint = p != null && found.total() == 0 ? "No key starts with " + p + "." : null;
        return Templates.keys(ConsoleUser.of(identity), p == null ? "" : p, found.items(), hint, propagation, filter,
                Pager.of(found, filters));
    }

    /**
     * Rotates a key through the same {@link KeyService#rotate} as the developer API: a new key with the old one's
     * name, shown once on the ticket page, and the old key working for {@code graceHours} more (0–168).
     */
    @POST
    @Path("/{id}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response rotate(@PathParam("id") UUID id, @RestForm String graceHours) {
        Integer hours = ConsoleForms.smallNumber("graceHours", graceHours);
        int h = hours == null ? 24 : hours;
        if (h < 0 || h > MAX_GRACE_HOURS) {
            throw ApiProblem.invalidField("graceHours", "must be between 0 and " + MAX_GRACE_HOURS + " hours");
        }
        RotatedKey rotated = keys.rotate(id, Duration.ofHours(h));
        String ticket = tickets.put(new KeyTickets.Ticket(AdminAccess.subjectOf(identity), rotated.key(),
                rotated.details(), rotated.previous()));
        return toTicket(ticket);
    }

    /**
     * The new key, once. The ticket is taken on this first view; a reload, another person or another management
     * instance gets 410 Gone and a page saying the key is no longer shown.
     */
    @GET
    @Path("/new/{ticket}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response shown(@PathParam("ticket") String ticket) {
        ConsoleUser user = ConsoleUser.of(identity);
        return tickets.take(ticket, AdminAccess.subjectOf(identity))
                .map(t -> Response.ok(Templates.shown(user, t, applications.get(t.details().applicationId()))))
                .orElseGet(() -> Response.status(Response.Status.GONE).entity(Templates.gone(user)))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").build();
    }

    /** The 303 from a POST that made a key to the page that shows it. */
    static Response toTicket(String ticket) {
        return Response.seeOther(UriBuilder.fromPath("/console/keys/new/{ticket}").build(ticket)).build();
    }

    /** Revokes a key with the admin API's {@link KeyRequests.Revoke}, checked as that route checks it. */
    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response revoke(@PathParam("id") UUID id, @RestForm String reason, @RestForm String prefix,
                           @RestForm String back) {
        KeyRequests.Revoke request = forms.valid(new KeyRequests.Revoke(ConsoleForms.text(reason)));
        KeyView revoked = keys.revoke(id, request.reason());
        // The next page loads once every live gateway refuses the key (or after REVOKE_WAIT, and then says which do not).
        ConfigAcknowledgements.Propagation propagation = acknowledgements.awaitCurrent(REVOKE_WAIT);
        if (PartnerPages.BACK_TO_ORGANIZATION.equals(back)) {
            return PartnerPages.back(back, applications.get(revoked.applicationId()).organizationId());
        }
        String again = ConsoleForms.text(prefix) != null ? prefix.trim() : revoked.prefix();
        return Response.seeOther(UriBuilder.fromPath("/console/keys").queryParam("prefix", again)
                .queryParam("revokedIn", propagation.version()).build()).build();
    }
}
