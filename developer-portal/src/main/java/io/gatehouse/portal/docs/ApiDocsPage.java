package io.gatehouse.portal.docs;

import io.gatehouse.portal.catalog.CatalogApi;
import io.gatehouse.portal.catalog.CatalogEntry;
import io.gatehouse.portal.catalog.ManagementCatalog;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * An API's documentation page, rendered on the server from its OpenAPI document. Only APIs the
 * catalog lists have one; a document that cannot be read gives a page saying so, an API without
 * a document a page with its catalog data only.
 */
@Path("/apis/{slug}/{version}")
@Produces(MediaType.TEXT_HTML)
public class ApiDocsPage {

    private static final Logger LOG = Logger.getLogger(ApiDocsPage.class);

    @CheckedTemplate
    static class Templates {
        /** @param doc null when the API has no document or it is unreadable */
        static native TemplateInstance docs(CatalogApi api, ApiDoc doc, boolean unreadable, String keyHeader);
    }

    private final ManagementCatalog management;
    private final OpenApiReader reader;
    private final String keyHeader;

    public ApiDocsPage(@RestClient ManagementCatalog management, OpenApiReader reader,
                       @ConfigProperty(name = "gatehouse.portal.api-key-header", defaultValue = "X-Api-Key") String keyHeader) {
        this.management = management;
        this.reader = reader;
        this.keyHeader = keyHeader;
    }

    @GET
    public TemplateInstance docs(@PathParam("slug") String slug, @PathParam("version") String version) {
        // Management finds APIs by id; the address carries slug and version, which the catalog maps.
        CatalogEntry entry = management.list().stream()
                .filter(e -> e.slug().equals(slug) && e.version().equals(version))
                .findFirst().orElseThrow(NotFoundException::new);
        CatalogApi api = management.get(entry.id());
        if (api.openapiDocument() == null) {
            return Templates.docs(api, null, false, keyHeader);
        }
        try {
            return Templates.docs(api, reader.read(api.openapiDocument()), false, keyHeader);
        } catch (RuntimeException e) {
            // A document management accepted but this page cannot read: say so, never a 500.
            LOG.warnf("The OpenAPI document of API %s cannot be shown: %s", api.id(), e.getMessage());
            return Templates.docs(api, null, true, keyHeader);
        }
    }
}
