package io.gatehouse.management.console;

import io.gatehouse.management.applications.ApplicationRequests;
import io.gatehouse.management.applications.ApplicationService;
import io.gatehouse.management.applications.ApplicationStatus;
import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.keys.IssuedKey;
import io.gatehouse.management.keys.KeyRequests;
import io.gatehouse.management.keys.KeyService;
import io.gatehouse.management.organizations.OrganizationService;
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

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applications: the list over every organization (filter by name and status), a new application in an
 * organization, and a new key for one. A new key goes to {@link KeyTickets} and the browser to the page that shows
 * it once ({@link KeyPages#shown}).
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ApplicationPages {

    /** One row: the application and its organization's name. */
    public record Row(ApplicationView application, String organization) {
    }

    /** The filter as the form shows it. */
    public record Filter(String q, String status, ApplicationStatus[] statuses) {
    }

    @CheckedTemplate(basePath = "console/applications")
    static class Templates {
        static native TemplateInstance applications(ConsoleUser user, List<Row> rows, Filter filter, Pager pager);
    }

    private final ApplicationService applications;
    private final OrganizationService organizations;
    private final KeyService keys;
    private final KeyTickets tickets;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public ApplicationPages(ApplicationService applications, OrganizationService organizations, KeyService keys,
                            KeyTickets tickets, ConsoleForms forms, SecurityIdentity identity) {
        this.applications = applications;
        this.organizations = organizations;
        this.keys = keys;
        this.tickets = tickets;
        this.forms = forms;
        this.identity = identity;
    }

    @GET
    @Path("/applications")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("status") String status,
                                 @QueryParam("offset") Integer offset) {
        String text = ConsoleForms.text(q);
        ApplicationStatus wanted = ConsoleForms.choice(ApplicationStatus.class, "status", status);
        Page<ApplicationView> page = applications.search(null, text, wanted, Pager.offset(offset), Pager.SIZE);
        Map<UUID, String> names = page.items().stream().map(ApplicationView::organizationId).distinct()
                .collect(Collectors.toMap(Function.identity(), id -> organizations.get(id).name()));
        List<Row> rows = page.items().stream().map(a -> new Row(a, names.get(a.organizationId()))).toList();
        UriBuilder filters = UriBuilder.fromPath("/console/applications");
        if (text != null) {
            filters.queryParam("q", text);
        }
        if (wanted != null) {
            filters.queryParam("status", wanted.code());
        }
        return Templates.applications(ConsoleUser.of(identity), rows,
                new Filter(text == null ? "" : text, wanted == null ? "" : wanted.code(), ApplicationStatus.values()),
                Pager.of(page, filters));
    }

    /** A new application of the organization, like {@code POST /admin/v1/applications}; back to the organization. */
    @POST
    @Path("/organizations/{id}/applications")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response create(@PathParam("id") UUID organizationId, @RestForm String name, @RestForm String description) {
        organizations.get(organizationId);
        ApplicationView created = applications.create(forms.valid(new ApplicationRequests.Create(organizationId,
                ConsoleForms.text(name), ConsoleForms.text(description))));
        return Response.seeOther(URI.create("/console/partners/" + created.organizationId() + "#app-" + created.id()))
                .build();
    }

    /**
     * Issues a key through the same {@link KeyService#issue} as {@code POST /admin/v1/applications/{id}/keys}; the
     * plaintext waits in a ticket for the one page that shows it.
     */
    @POST
    @Path("/applications/{id}/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response issueKey(@PathParam("id") UUID applicationId, @RestForm String name) {
        IssuedKey issued = keys.issue(applicationId, forms.valid(new KeyRequests.Issue(ConsoleForms.text(name), null)));
        String ticket = tickets.put(new KeyTickets.Ticket(AdminAccess.subjectOf(identity), issued.key(),
                issued.details(), null));
        return KeyPages.toTicket(ticket);
    }
}
