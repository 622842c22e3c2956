package io.gatehouse.management.console;

import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The console's start page. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleHome {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance home(ConsoleUser user);

    }

    private final SecurityIdentity identity;

    public ConsoleHome(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance home() {
        return Templates.home(ConsoleUser.of(identity));
    }
}
