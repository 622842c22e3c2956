package io.gatehouse.management.console;

import io.gatehouse.management.applications.ApplicationService;
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

import java.util.List;
import java.util.UUID;

/** Keys: find by the prefix a partner reads out, revoke. */
@Path("/console/keys")
@Produces(MediaType.TEXT_HTML)
public class KeyPages {

    @CheckedTemplate(basePath = "console/keys")
    static class Templates {
        static native TemplateInstance keys(ConsoleUser user, String prefix, List<KeyView> keys, String hint);
    }

    private final KeyService keys;
    private final ApplicationService applications;
    private final SecurityIdentity identity;

    public KeyPages(KeyService keys, ApplicationService applications, SecurityIdentity identity) {
        this.keys = keys;
        this.applications = applications;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
    public TemplateInstance find(@QueryParam("prefix") String prefix) {
        String p = ConsoleForms.text(prefix);
        if (p == null) {
            return Templates.keys(ConsoleUser.of(identity), "", List.of(), null);
        }
        if (p.length() < 4) {
            return Templates.keys(ConsoleUser.of(identity), p, List.of(), "Give at least the first 4 characters of the key.");
        }
        List<KeyView> found = keys.byPrefix(p);
        return Templates.keys(ConsoleUser.of(identity), p, found, found.isEmpty() ? "No key starts with " + p + "." : null);
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response revoke(@PathParam("id") UUID id, @RestForm String reason, @RestForm String prefix,
                           @RestForm String back) {
        KeyView revoked = keys.revoke(id, ConsoleForms.text(reason));
        if (PartnerPages.BACK_TO_ORGANIZATION.equals(back)) {
            return PartnerPages.back(back, applications.get(revoked.applicationId()).organizationId());
        }
        String again = ConsoleForms.text(prefix) != null ? prefix.trim() : revoked.prefix();
        return Response.seeOther(UriBuilder.fromPath("/console/keys").queryParam("prefix", again).build()).build();
    }
}
