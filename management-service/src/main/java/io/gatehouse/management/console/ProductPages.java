package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiService;
import io.gatehouse.management.apis.ApiView;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
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
 * Products: list and create, a product's grants and plans, edit its name and description, grant an API (whole, or some
 * routes and methods), stop granting one after a confirmation page, and delete a product without plans after a
 * confirmation page. Every POST answers 303 to a GET, or shows its form again with what went wrong.
 */
@Path("/console/products")
@Produces(MediaType.TEXT_HTML)
public class ProductPages {

    /** The methods a grant form offers, as checkboxes. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /**
     * What the edit form holds: the stored values, or what was typed when it comes back with errors.
     *
     * @param description as typed; empty clears it
     */
    public record EditFields(String name, String description) {
        static EditFields of(ProductView p) {
            return new EditFields(p.name(), p.description() == null ? "" : p.description());
        }

        /** The problem of a field, or null. */
        public String errorOf(List<Problem.FieldError> errors, String field) {
            for (Problem.FieldError e : errors) {
                if (e.field().equals(field)) {
                    return e.message();
                }
            }
            return null;
        }
    }

    @CheckedTemplate(basePath = "console/products")
    static class Templates {
        static native TemplateInstance list(ConsoleUser user, Page<ProductView> products);

        static native TemplateInstance detail(ConsoleUser user, ProductView product, List<PlanView> plans,
                                              Page<ApiView> apis, boolean manage);

        static native TemplateInstance grant(ConsoleUser user, ProductView product, ApiView api,
                                             ProductView.GrantView current, List<String> methods);

        static native TemplateInstance remove(ConsoleUser user, ProductView product, ProductView.GrantView grant,
                                              int plans);

        static native TemplateInstance edit(ConsoleUser user, ProductView product, EditFields fields,
                                            List<Problem.FieldError> errors);

        static native TemplateInstance delete(ConsoleUser user, ProductView product, List<PlanView> plans,
                                              String refusal);
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

    /** The form that renames a product and changes its description (the slug stays: links and the catalog use it). */
    @GET
    @Path("/{id}/edit")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance editForm(@PathParam("id") UUID id) {
        ProductView product = products.get(id);
        requireMayManage(product);
        return Templates.edit(user(), product, EditFields.of(product), List.of());
    }

    /**
     * Saves the name and description like {@code PATCH /admin/v1/products/{id}} (same checks, audited as
     * {@code product.updated}) and answers 303 to the product's page. A form that does not validate comes back (400)
     * with what was typed and each problem next to its field.
     */
    @POST
    @Path("/{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response edit(@PathParam("id") UUID id, @RestForm String name, @RestForm String description) {
        ProductView product = products.get(id);
        requireMayManage(product);
        EditFields typed = new EditFields(name == null ? "" : name, description == null ? "" : description);
        ProductRequests.Update update = new ProductRequests.Update(typed.name().trim(), typed.description());
        // The form always sends both fields: an empty name is a mistake to show, not "leave the name as it is".
        List<Problem.FieldError> errors = typed.name().isBlank()
                ? List.of(new Problem.FieldError("name", "must not be blank")) : forms.violations(update);
        if (errors.isEmpty()) {
            try {
                products.update(id, update);
                return seeOther(id);
            } catch (ApiProblem p) {
                if (p.type() != ProblemType.VALIDATION_FAILED || p.errors() == null || p.errors().isEmpty()) {
                    throw p;
                }
                errors = p.errors();
            }
        }
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.edit(user(), product, typed, errors).render()).build();
    }

    /**
     * Asks before deleting the product. A product with plans cannot be deleted ({@code product-in-use}): the page
     * says so, lists the plans and says what to do instead, without a button.
     */
    @GET
    @Path("/{id}/delete")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public TemplateInstance deleteForm(@PathParam("id") UUID id) {
        ProductView product = products.get(id);
        requireMayManage(product);
        return Templates.delete(user(), product, plans.ofProduct(id), null);
    }

    /**
     * Deletes the product like {@code DELETE /admin/v1/products/{id}} and answers 303 to the product list. When it
     * has plans (a plan made since the confirmation page was shown, or a forged post) the confirmation page comes
     * back with 409 and the refusal.
     */
    @POST
    @Path("/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response delete(@PathParam("id") UUID id) {
        try {
            products.delete(id);
        } catch (ApiProblem p) {
            if (p.type() != ProblemType.PRODUCT_IN_USE) {
                throw p;
            }
            return Response.status(p.type().status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(Templates.delete(user(), products.get(id), plans.ofProduct(id), p.getMessage()).render())
                    .build();
        }
        return Response.seeOther(URI.create("/console/products")).build();
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

    /** The forms are for those who may change the product; the service refuses the posts of everyone else too. */
    private void requireMayManage(ProductView product) {
        if (!products.mayManage(product.id())) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Only a platform admin, or the owner of every API product '"
                    + product.name() + "' grants, may change it.");
        }
    }

    private ConsoleUser user() {
        return ConsoleUser.of(identity);
    }

    private static Response seeOther(UUID product) {
        return Response.seeOther(URI.create("/console/products/" + product)).build();
    }
}
