package io.gatehouse.management.catalog;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiRoute;
import io.gatehouse.management.guides.ApiGuide;
import io.gatehouse.management.guides.GuideService;
import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.developer.applications.DeveloperViews;
import io.gatehouse.management.developer.applications.PlanOffers;
import io.gatehouse.management.problem.ApiProblem;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The developer API's public catalog: published and deprecated APIs with their documents and
 * guides; drafts and retired ones never.
 */
@Path("/developer/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class DeveloperCatalogResource {

    private static final Set<Lifecycle> VISIBLE = Set.of(Lifecycle.PUBLISHED, Lifecycle.DEPRECATED);

    private final PlanOffers plans;

    public DeveloperCatalogResource(PlanOffers plans) {
        this.plans = plans;
    }

    /** Published and deprecated APIs, each with the plans open for subscription and their prices. */
    @GET
    @Transactional
    public List<CatalogEntry> catalog() {
        Map<UUID, List<DeveloperViews.PlanOffer>> offers = plans.byApi();
        return Api.<Api>find("lifecycle in ?1", Sort.by("name").and("version"),
                        VISIBLE).stream()
                .map(a -> new CatalogEntry(a.id, a.slug, a.name, a.version, a.description, a.lifecycle.code(),
                        offers.getOrDefault(a.id, List.of())))
                .toList();
    }

    /** One visible API with its OpenAPI document; a draft, retired or unknown API is the same 404 problem. */
    @GET
    @Path("/{id}")
    @Transactional
    public CatalogApi api(@PathParam("id") UUID id) {
        Api api = visible(id);
        ApiRoute route = api.routes.isEmpty() ? null : api.routes.get(0);
        List<CatalogApi.Guide> guides = GuideService.guidesOf(api.id).stream()
                .map(g -> new CatalogApi.Guide(g.slug, g.title)).toList();
        return new CatalogApi(api.id, api.slug, api.name, api.version, api.description, api.lifecycle.code(),
                api.openapiDocument, route == null ? null : route.pathPrefix, route == null ? null : route.host, guides,
                plans.ofApi(api.id));
    }

    /** One guide of a visible API; an unknown guide, or any guide of a draft, retired or unknown API, is 404. */
    @GET
    @Path("/{id}/guides/{slug}")
    @Transactional
    public CatalogGuide guide(@PathParam("id") UUID id, @PathParam("slug") String slug) {
        Api api = visible(id);
        ApiGuide guide = GuideService.find(api.id, slug);
        if (guide == null) {
            throw ApiProblem.notFound("Guide", "'" + slug + "' of API " + id);
        }
        return new CatalogGuide(guide.slug, guide.title, guide.markdown, guide.updatedAt);
    }

    private static Api visible(UUID id) {
        Api api = Api.findById(id);
        if (api == null || !VISIBLE.contains(api.lifecycle)) {
            throw ApiProblem.notFound("API", id);
        }
        return api;
    }
}
