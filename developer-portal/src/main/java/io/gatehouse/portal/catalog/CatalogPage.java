package io.gatehouse.portal.catalog;

import io.gatehouse.portal.docs.Markdown;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The portal's home page: the catalog of published APIs, searched ({@code ?q=}) and filtered by a tag ({@code ?tag=})
 * with a plain GET form and links. Management does the search, so the page never reads the whole catalog to show part.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class CatalogPage {

    private static final Logger LOG = Logger.getLogger(CatalogPage.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalog(List<Listed> apis, List<CatalogTag> tags, CatalogFilter filter);

        static native TemplateInstance unavailable();
    }

    /** An API as the catalog lists it, its markdown description rendered (null when it has none). */
    public record Listed(CatalogEntry api, RawString description) {
    }

    private final ManagementCatalog management;
    private final Markdown markdown;

    public CatalogPage(@RestClient ManagementCatalog management, Markdown markdown) {
        this.management = management;
        this.markdown = markdown;
    }

    @GET
    public Response catalog(@QueryParam("q") String q, @QueryParam("tag") String tag) {
        CatalogFilter filter = CatalogFilter.of(q, tag);
        List<CatalogEntry> apis;
        List<CatalogTag> tags;
        try {
            apis = management.list(filter.q(), filter.tag());
            tags = management.tags();
        } catch (RuntimeException e) {
            // Management down or answering nonsense: tell the person, keep the cause in the log only.
            LOG.warnf("The catalog could not be read from the management service: %s", e.toString());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "30")
                    .entity(Templates.unavailable()).build();
        }
        return Response.ok(Templates.catalog(apis.stream()
                .map(api -> new Listed(api, markdown.toHtml(api.description())))
                .toList(), tags, filter)).build();
    }
}
