package io.gatehouse.portal.catalog;

import io.gatehouse.portal.apps.ManagementApplications;
import io.gatehouse.portal.docs.Markdown;
import io.gatehouse.portal.session.ManagementProblem;
import io.gatehouse.portal.session.PortalSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.UUID;

/**
 * The products of the catalog: {@code /products} lists each product with the APIs it bundles and its plans' prices,
 * {@code /products/{id}} shows one with what it grants of each API in words and a way to subscribe. Subscribing is
 * the application page's plan picker, reached by a link that points at the plan; this page posts nothing.
 */
@Path("/products")
@Produces(MediaType.TEXT_HTML)
public class ProductPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance products(List<Listed> products);

        static native TemplateInstance product(CatalogProduct product, RawString description,
                                               List<ManagementApplications.Application> applications);
    }

    /** A product as the list shows it, its markdown description rendered (null when it has none). */
    public record Listed(CatalogProduct product, RawString description) {
    }

    private final ManagementCatalog catalog;
    private final ManagementApplications applications;
    private final PortalSession session;
    private final Markdown markdown;

    public ProductPages(@RestClient ManagementCatalog catalog, @RestClient ManagementApplications applications,
                        PortalSession session, Markdown markdown) {
        this.catalog = catalog;
        this.applications = applications;
        this.session = session;
        this.markdown = markdown;
    }

    @GET
    public TemplateInstance products() {
        return Templates.products(catalog.products().stream()
                .map(p -> new Listed(p, markdown.toHtml(p.description()))).toList());
    }

    /** An unknown product, or one without a published API, is the 404 page (management's 404). */
    @GET
    @Path("/{id}")
    public TemplateInstance product(@PathParam("id") UUID id) {
        CatalogProduct product = catalog.product(id);
        return Templates.product(product, markdown.toHtml(product.description()), applicationsOfVisitor());
    }

    /**
     * The signed-in partner's applications, to subscribe one of them; null for a visitor. A session management no
     * longer knows reads as a visitor here: a public page never sends anyone to the login page.
     */
    private List<ManagementApplications.Application> applicationsOfVisitor() {
        if (!session.signedIn()) {
            return null;
        }
        try {
            return applications.list(session.bearer());
        } catch (ManagementProblem e) {
            if (e.signedOut()) {
                return null;
            }
            throw e;
        }
    }
}
