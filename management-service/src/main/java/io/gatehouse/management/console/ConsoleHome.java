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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The console's start page, and the analytics page (waiting for billing's time series). */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleHome {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance home(ConsoleUser user);

        static native TemplateInstance analytics(ConsoleUser user, String billingUrl);
    }

    private final SecurityIdentity identity;
    private final String billingUrl;

    public ConsoleHome(SecurityIdentity identity,
                       @ConfigProperty(name = "gatehouse.billing-url", defaultValue = "http://127.0.0.1:8083") String billingUrl) {
        this.identity = identity;
        this.billingUrl = billingUrl;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance home() {
        return Templates.home(ConsoleUser.of(identity));
    }

    @GET
    @Path("/analytics")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance analytics() {
        return Templates.analytics(ConsoleUser.of(identity), billingUrl);
    }
}
