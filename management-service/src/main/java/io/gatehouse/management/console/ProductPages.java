package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.products.ProductRequests;
import io.gatehouse.management.products.ProductService;
import io.gatehouse.management.products.ProductView;
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
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.gatehouse.management.console.ConsoleForms.text;

/**
 * Products: list and create, a product's grants and plans, grant an API (whole, or some routes and methods) and stop
 * granting one after a confirmation page. Every POST answers 303 to a GET.
 */
@Path("/console/products")
@Produces(MediaType.TEXT_HTML)
public class ProductPages {

    /** The methods a grant form offers, as checkboxes. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @CheckedTemplate(basePath = "console/products")
    static class Templates {
        static native TemplateInstance list(ConsoleUser user, Page<ProductView> products);

        static native TemplateInstance detail(ConsoleUser user, ProductView product, List<PlanView> plans,
                                              Page<ApiView> apis, boolean manage);

        static native TemplateInstance grant(ConsoleUser user, ProductView product, ApiView api,
                                             ProductView.GrantView current, List<String> methods);

        static native TemplateInstance remove(ConsoleUser user, ProductView product, ProductView.GrantView grant,
                                              int plans);
    }

    private final ProductService products;
    private final PlanService plans;
    private final ApiService apis;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public ProductPages(ProductService products, PlanService plans, ApiService apis, ConsoleForms forms,
                        SecurityIdentity identity) {
        this.products = products;
        this.plans = plans;
        this.apis = apis;
        this.forms = forms;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance list() {
        return Templates.list(user(), products.list(0, Page.MAX_LIMIT));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response create(@RestForm String name, @RestForm String slug, @RestForm String description) {
        ProductView created = products.create(forms.valid(new ProductRequests.Create(text(slug), text(name),
                description)));
        return seeOther(created.id());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public TemplateInstance detail(@PathParam("id") UUID id) {
        ProductView product = products.get(id);
        return Templates.detail(user(), product, plans.ofProduct(id), apis.list(null, 0, Page.MAX_LIMIT),
                products.mayManage(id));
    }

    /** What the product grants of one API, as a form: the API's routes and the methods as checkboxes. */
    @GET
    @Path("/{id}/apis/{apiId}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance grantForm(@PathParam("id") UUID id, @PathParam("apiId") UUID apiId) {
        ProductView product = products.get(id);
        return Templates.grant(user(), product, apis.get(apiId), grantOf(product, apiId), METHODS);
    }

    /** The API chosen in the product page's select, as a GET form: on to its grant form. */
    @GET
    @Path("/{id}/grant")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response chooseApi(@PathParam("id") UUID id, @QueryParam("apiId") String apiId) {
        UUID api;
        try {
            api = UUID.fromString(apiId == null ? "" : apiId.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("apiId", "choose an API");
        }
        return Response.seeOther(URI.create("/console/products/" + id + "/apis/" + api)).build();
    }

    @POST
    @Path("/{id}/apis/{apiId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response grant(@PathParam("id") UUID id, @PathParam("apiId") UUID apiId,
                          @RestForm("routeId") List<String> routeIds, @RestForm("method") List<String> methods) {
        List<UUID> routes = routeIds == null ? List.of() : routeIds.stream().map(r -> {
            try {
                return UUID.fromString(r.trim());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField("routeIds", "is not a route id");
            }
        }).toList();
        products.grant(id, apiId, forms.valid(new ProductRequests.Grant(routes, methods == null ? List.of() : methods)));
        return seeOther(id);
    }

    @GET
    @Path("/{id}/apis/{apiId}/remove")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance removeForm(@PathParam("id") UUID id, @PathParam("apiId") UUID apiId) {
        ProductView product = products.get(id);
        ProductView.GrantView grant = grantOf(product, apiId);
        if (grant == null) {
            throw ApiProblem.notFound("API", apiId + " in product " + id);
        }
        return Templates.remove(user(), product, grant, plans.ofProduct(id).size());
    }

    @POST
    @Path("/{id}/apis/{apiId}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response remove(@PathParam("id") UUID id, @PathParam("apiId") UUID apiId) {
        products.revoke(id, apiId);
        return seeOther(id);
    }

    private static ProductView.GrantView grantOf(ProductView product, UUID apiId) {
        return product.apis().stream().filter(g -> g.apiId().equals(apiId)).findFirst().orElse(null);
    }

    private ConsoleUser user() {
        return ConsoleUser.of(identity);
    }

    private static Response seeOther(UUID product) {
        return Response.seeOther(URI.create("/console/products/" + product)).build();
    }
}
