package io.gatehouse.management.console;

import io.gatehouse.management.billingreports.BillingReports;
import io.gatehouse.management.billingreports.Invoice;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.organizations.OrganizationService;
import io.gatehouse.management.organizations.OrganizationView;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.management.analytics.AnalyticsResource.uuid;

/**
 * {@code /console/billing}: invoices per period and organization, one invoice with its lines, and downloads of the
 * usage and invoice reports streamed through from billing-metering (same roles as {@code /admin/v1/billing/*}).
 */
@Path("/console/billing")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
public class BillingPages {

    @CheckedTemplate(basePath = "console/billing")
    static class Templates {
        static native TemplateInstance invoices(ConsoleUser user, List<Invoice> invoices, List<OrganizationView> organizations,
                                                Map<UUID, String> organizationNames, String period, UUID organization);

        static native TemplateInstance invoice(ConsoleUser user, Invoice invoice, String organizationName);
    }

    private final BillingReports reports;
    private final OrganizationService organizations;
    private final SecurityIdentity identity;

    public BillingPages(BillingReports reports, OrganizationService organizations, SecurityIdentity identity) {
        this.reports = reports;
        this.organizations = organizations;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance invoices(@QueryParam("period") String period, @QueryParam("organization") String organization) {
        UUID org = uuid("organization", organization);
        List<Invoice> invoices = reports.invoices(period, org);
        List<OrganizationView> orgs = organizations.list(0, Page.MAX_LIMIT).items();
        Map<UUID, String> names = new HashMap<>();
        orgs.forEach(o -> names.put(o.id(), o.name()));
        return Templates.invoices(ConsoleUser.of(identity), invoices, orgs, names,
                period == null ? "" : period.strip(), org);
    }

    @GET
    @Path("/invoices/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance invoice(@PathParam("id") String id) {
        Invoice invoice = reports.invoice(uuid("id", id));
        String name = null;
        try {
            name = organizations.get(invoice.organizationId()).name();
        } catch (RuntimeException gone) {
            // an organization billing knows but management no longer has: show its id
        }
        return Templates.invoice(ConsoleUser.of(identity), invoice, name);
    }

    @GET
    @Path("/reports/usage")
    @Produces({"text/csv", MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response usageReport(@QueryParam("period") String period, @QueryParam("organization") String organization,
                                @QueryParam("format") String format, @QueryParam("timeZone") String timeZone) {
        return reports.report("usage", period, uuid("organization", organization), format, timeZone);
    }

    @GET
    @Path("/reports/invoices")
    @Produces({"text/csv", MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response invoiceReport(@QueryParam("period") String period, @QueryParam("organization") String organization,
                                  @QueryParam("format") String format) {
        return reports.report("invoices", period, uuid("organization", organization), format, null);
    }
}
