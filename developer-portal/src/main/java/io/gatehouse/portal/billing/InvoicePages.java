package io.gatehouse.portal.billing;

import io.gatehouse.portal.session.ManagementProblem;
import io.gatehouse.portal.session.PortalSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The organization's charges: {@code /invoices} (the estimate of this month and the list of invoices),
 * {@code /invoices/{id}} (one invoice as a printable page: the print style sheet drops the site's header, so the
 * browser's Print gives a paper or PDF copy) and {@code /invoices/{id}.csv} (its lines as CSV). Only the signed-in
 * partner's organization: another organization's invoice is the 404 page, as management answers it.
 */
@Path("/invoices")
public class InvoicePages {

    static final String[] CSV_HEADER = {"invoice_number", "invoice_id", "period", "currency", "line_no", "kind",
            "description", "quantity", "unit_price", "per_units", "amount", "adjustment_for_period"};

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invoices(ManagementBilling.Estimate estimate, List<ManagementBilling.Invoice> invoices);

        static native TemplateInstance invoice(ManagementBilling.Invoice invoice);

        static native TemplateInstance unavailable();
    }

    private final ManagementBilling management;
    private final PortalSession session;

    public InvoicePages(@RestClient ManagementBilling management, PortalSession session) {
        this.management = management;
        this.session = session;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response invoices() {
        String bearer = session.bearer();
        List<ManagementBilling.Invoice> invoices;
        try {
            ManagementBilling.Invoices listing = management.invoices(bearer);
            invoices = listing.items() == null ? List.of() : listing.items();
        } catch (ManagementProblem p) {
            return unavailableOr(p);
        }
        return Response.ok(Templates.invoices(Estimates.orNull(management, bearer), invoices))
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response invoice(@PathParam("id") UUID id) {
        try {
            return Response.ok(Templates.invoice(management.invoice(session.bearer(), id)))
                    .header("Cache-Control", "no-store").build();
        } catch (ManagementProblem p) {
            return unavailableOr(p);
        }
    }

    @GET
    @Path("/{id}.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") UUID id) {
        ManagementBilling.Invoice invoice;
        try {
            invoice = management.invoice(session.bearer(), id);
        } catch (ManagementProblem p) {
            return unavailableOr(p);
        }
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
                for (ManagementBilling.Line l : invoice.lines() == null ? List.<ManagementBilling.Line>of() : invoice.lines()) {
                    csv.printRecord(invoice.number(), invoice.id(), invoice.period(), invoice.currency(), l.lineNo(), l.kind(),
                            l.description(), l.quantity(), l.unitPrice(), l.perUnits(), l.amount(),
                            l.adjustmentForPeriod() == null ? "" : l.adjustmentForPeriod());
                }
                csv.printRecord("#subtotal", invoice.id(), invoice.period(), invoice.currency(), "", "", "", "", "", "",
                        invoice.subtotal(), "");
                csv.printRecord("#total", invoice.id(), invoice.period(), invoice.currency(), "", "", "", "", "", "",
                        invoice.total(), "");
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"invoice-" + invoice.number() + ".csv\"")
                .header("Cache-Control", "no-store").build();
    }

    /** Billing away is a page saying so (503, try again in a minute); every other refusal goes to the error pages. */
    private static Response unavailableOr(ManagementProblem p) {
        if ("billing-unavailable".equals(p.type())) {
            return Response.status(503).header("Retry-After", "60").type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.unavailable()).build();
        }
        throw p;
    }
}
