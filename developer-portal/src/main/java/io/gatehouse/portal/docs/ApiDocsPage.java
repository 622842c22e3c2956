package io.gatehouse.portal.docs;

import io.gatehouse.portal.catalog.CatalogApi;
import io.gatehouse.portal.catalog.CatalogLookup;
import io.gatehouse.portal.tryit.GatewaySettings;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * An API's documentation page, rendered on the server from its OpenAPI document, with its base
 * URL at the gateway, its guides and a try-it console per operation. Only APIs the catalog lists
 * have one; a document that cannot be read gives a page saying so, an API without a document a
 * page with its catalog data only.
 */
@Path("/apis/{slug}/{version}")
@Produces(MediaType.TEXT_HTML)
public class ApiDocsPage {

    private static final Logger LOG = Logger.getLogger(ApiDocsPage.class);

    @CheckedTemplate
    static class Templates {
        /**
         * @param doc     null when the API has no document or it is unreadable
         * @param baseUrl the API at the gateway (public gateway URL + route path), or null when it has no route
         * @param description the catalog's description of the API as sanitized HTML, or null
         */
        static native TemplateInstance docs(CatalogApi api, ApiDoc doc, boolean unreadable, String keyHeader,
                                            String baseUrl, RawString description);
    }

    private final CatalogLookup catalog;
    private final OpenApiReader reader;
    private final String keyHeader;
    private final GatewaySettings gateway;
    private final Markdown markdown;

    public ApiDocsPage(CatalogLookup catalog, OpenApiReader reader,
                       @ConfigProperty(name = "gatehouse.portal.api-key-header", defaultValue = "X-Api-Key") String keyHeader,
                       GatewaySettings gateway, Markdown markdown) {
        this.catalog = catalog;
        this.reader = reader;
        this.keyHeader = keyHeader;
        this.gateway = gateway;
        this.markdown = markdown;
    }

    @GET
    public TemplateInstance docs(@PathParam("slug") String slug, @PathParam("version") String version) {
        CatalogApi api = catalog.find(slug, version);
        String baseUrl = api.routePath() == null ? null : gateway.publicBaseOf(api.routePath());
        RawString description = markdown.toHtml(api.description());
        if (api.openapiDocument() == null) {
            return Templates.docs(api, null, false, keyHeader, baseUrl, description);
        }
        try {
            return Templates.docs(api, reader.read(api.openapiDocument()), false, keyHeader, baseUrl, description);
        } catch (RuntimeException e) {
            // A document management accepted but this page cannot read: say so, never a 500.
            LOG.warnf("The OpenAPI document of API %s cannot be shown: %s", api.id(), e.getMessage());
            return Templates.docs(api, null, true, keyHeader, baseUrl, description);
        }
    }
}
