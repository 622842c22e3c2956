package io.gatehouse.portal.guides;

import io.gatehouse.portal.catalog.CatalogApi;
import io.gatehouse.portal.catalog.CatalogGuide;
import io.gatehouse.portal.catalog.CatalogLookup;
import io.gatehouse.portal.catalog.ManagementCatalog;
import io.gatehouse.portal.docs.Markdown;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A markdown guide page of an API, rendered through the same CommonMark + OWASP sanitizer path
 * as the OpenAPI descriptions. Guides of draft, retired or unknown APIs, and unknown guides, are
 * the 404 page.
 */
@Path("/apis/{slug}/{version}/guides/{guide}")
@Produces(MediaType.TEXT_HTML)
public class GuidePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance guide(CatalogApi api, CatalogGuide guide, RawString html);
    }

    private final CatalogLookup catalog;
    private final ManagementCatalog management;
    private final Markdown markdown;

    public GuidePage(CatalogLookup catalog, @RestClient ManagementCatalog management, Markdown markdown) {
        this.catalog = catalog;
        this.management = management;
        this.markdown = markdown;
    }

    @GET
    public TemplateInstance guide(@PathParam("slug") String slug, @PathParam("version") String version,
                                  @PathParam("guide") String guideSlug) {
        CatalogApi api = catalog.find(slug, version);
        if (api.guides().stream().noneMatch(g -> g.slug().equals(guideSlug))) {
            throw new NotFoundException();
        }
        CatalogGuide guide = management.guide(api.id(), guideSlug);
        return Templates.guide(api, guide, markdown.guideToHtml(guide.markdown()));
    }
}
