package io.gatehouse.management.console;

import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.gatewayconfig.ConfigAcknowledgements;
import io.gatehouse.management.keys.KeyService;
import io.gatehouse.management.keys.KeyView;
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

/** Keys: find by the prefix a partner reads out, revoke. */
@Path("/console/keys")
@Produces(MediaType.TEXT_HTML)
public class KeyPages {

    @CheckedTemplate(basePath = "console/keys")
    static class Templates {
        static native TemplateInstance keys(ConsoleUser user, String prefix, List<KeyView> keys, String hint,
                                            ConfigAcknowledgements.Propagation propagation);
    }

    /** How long the console's revoke waits for the gateways before it shows where the revocation stands. */
    static final Duration REVOKE_WAIT = Duration.ofSeconds(2);

    private final KeyService keys;
    private final ApplicationService applications;
    private final ConfigAcknowledgements acknowledgements;
    private final SecurityIdentity identity;

    public KeyPages(KeyService keys, ApplicationService applications, ConfigAcknowledgements acknowledgements,
                    SecurityIdentity identity) {
        this.keys = keys;
        this.applications = applications;
        this.acknowledgements = acknowledgements;
        this.identity = identity;
    }

    /**
     * @param revokedIn after a revocation: the config version that holds it, whose state on the gateways the page
     *                  shows (as it is when the page is made)
     */
    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public TemplateInstance find(@QueryParam("prefix") String prefix, @QueryParam("revokedIn") Long revokedIn) {
        ConfigAcknowledgements.Propagation propagation = revokedIn == null || revokedIn < 1 ? null
                : acknowledgements.await(revokedIn, Duration.ZERO);
        String p = ConsoleForms.text(prefix);
        if (p == null) {
            return Templates.keys(ConsoleUser.of(identity), "", List.of(), null, propagation);
        }
        if (p.length() < 4) {
            return Templates.keys(ConsoleUser.of(identity), p, List.of(), "Give at least the first 4 characters of the key.",
                    propagation);
        }
        List<KeyView> found = keys.byPrefix(p);
        return Templates.keys(ConsoleUser.of(identity), p, found, found.isEmpty() ? "No key starts with " + p + "." : null,
                propagation);
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response revoke(@PathParam("id") UUID id, @RestForm String reason, @RestForm String prefix,
                           @RestForm String back) {
        KeyView revoked = keys.revoke(id, ConsoleForms.text(reason));
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
