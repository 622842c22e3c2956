package io.gatehouse.management.catalog;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.ApiRoute;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.apis.Lifecycle;
import io.gatehouse.management.products.Product;
import io.gatehouse.management.products.ProductApi;
import io.quarkus.panache.common.Sort;
import io.gatehouse.management.guides.ApiGuide;
import io.gatehouse.management.guides.GuideService;
import io.gatehouse.management.developer.applications.DeveloperViews;
import io.gatehouse.management.developer.applications.PlanOffers;
import io.gatehouse.management.problem.ApiProblem;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The developer API's public catalog: published and deprecated APIs with their documents and
 * guides, drafts and retired ones never; and the products that grant them, with their plans.
 */
@Path("/developer/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class DeveloperCatalogResource {

    private final PlanOffers plans;
    private final CatalogSearch search;

    public DeveloperCatalogResource(PlanOffers plans, CatalogSearch search) {
        this.plans = plans;
        this.search = search;
    }

    /**
     * Published and deprecated APIs by name then version, each with its tags and the plans open for subscription.
     *
     * @param q   optional words, each of which must appear (case-insensitive) in the API's name, description or tags;
     *            at most 200 characters
     * @param tag optional tag the API must carry (case-insensitive); one no API could carry finds none
     */
    @GET
    @Transactional
    public List<CatalogEntry> catalog(@QueryParam("q") String q, @QueryParam("tag") String tag) {
        List<Api> found = search.find(q, tag);
        if (found.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<DeveloperViews.PlanOffer>> offers = plans.byApi();
        return found.stream()
                .map(a -> new CatalogEntry(a.id, a.slug, a.name, a.version, a.description, a.lifecycle.code(),
                        a.tagList(), offers.getOrDefault(a.id, List.of())))
                .toList();
    }

    /** Every tag of a published or deprecated API, alphabetical, with how many of them carry it. */
    @GET
    @Path("/tags")
    @Transactional
    public List<CatalogTag> tags() {
        return search.tags();
    }

    /**
     * Products that grant a published API, by name, each with its published and deprecated APIs (and the routes and
     * methods it is restricted to, if any) and its open plans with their prices.
     */
    @GET
    @Path("/products")
    @Transactional
    public List<CatalogProduct> products() {
        return Product.<Product>find("id in (select pa.product.id from ProductApi pa where pa.api.lifecycle = ?1)",
                        Sort.by("name").and("id"), Lifecycle.PUBLISHED)
                .stream().map(this::product).toList();
    }

    /** One product as {@link #products()} lists it; a product without a published API, or an unknown one, is 404. */
    @GET
    @Path("/products/{id}")
    @Transactional
    public CatalogProduct product(@PathParam("id") UUID id) {
        Product p = Product.findById(id);
        if (p == null || p.apis.stream().noneMatch(g -> g.api.lifecycle == Lifecycle.PUBLISHED)) {
            throw ApiProblem.notFound("Product", id);
        }
        return product(p);
    }

    private CatalogProduct product(Product p) {
        List<CatalogProduct.ApiGrant> apis = p.apis.stream()
                .filter(g -> CatalogSearch.VISIBLE.contains(g.api.lifecycle))
                .sorted(Comparator.comparing((ProductApi g) -> g.api.name).thenComparing(g -> g.api.version))
                .map(g -> new CatalogProduct.ApiGrant(g.api.id, g.api.slug, g.api.name, g.api.version,
                        g.api.lifecycle.code(), routes(g), List.of(g.methods)))
                .toList();
        return new CatalogProduct(p.id, p.slug, p.name, p.description, apis, plans.ofProduct(p.id));
    }

    private static List<CatalogProduct.Route> routes(ProductApi g) {
        Set<UUID> granted = Set.of(g.routeIds);
        return g.api.routes.stream().filter(r -> granted.contains(r.id))
                .map(r -> new CatalogProduct.Route(r.id, r.pathPrefix, r.host, ApiView.methodList(r.methods)))
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
                api.tagList(), plans.ofApi(api.id));
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
        if (api == null || !CatalogSearch.VISIBLE.contains(api.lifecycle)) {
            throw ApiProblem.notFound("API", id);
        }
        return api;
    }
}
