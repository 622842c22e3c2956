package io.gatehouse.management.products;

import io.gatehouse.management.common.Page;
import io.gatehouse.management.plans.PlanRequests;
import io.gatehouse.management.plans.PlanService;
import io.gatehouse.management.plans.PlanView;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.UUID;

/** Products: the APIs (whole, or some routes and methods) that a product's plans grant. */
@Path("/admin/v1/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    private final ProductService products;
    private final PlanService plans;

    public ProductResource(ProductService products, PlanService plans) {
        this.products = products;
        this.plans = plans;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Page<ProductView> list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                  @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return products.list(offset, limit);
    }

    @APIResponse(responseCode = "201", description = "The product, created; it grants nothing yet",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class)))
    @POST
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response create(@Valid @NotNull ProductRequests.Create request) {
        ProductView created = products.create(request);
        return Response.created(URI.create("/admin/v1/products/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public ProductView get(@PathParam("id") UUID id) {
        return products.get(id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ProductView update(@PathParam("id") UUID id, @Valid @NotNull ProductRequests.Update request) {
        return products.update(id, request);
    }

    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response delete(@PathParam("id") UUID id) {
        products.delete(id);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/apis/{apiId}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ProductView grant(@PathParam("id") UUID id, @PathParam("apiId") UUID apiId,
                             @Valid @NotNull ProductRequests.Grant request) {
        return products.grant(id, apiId, request);
    }

    @DELETE
    @Path("/{id}/apis/{apiId}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ProductView revoke(@PathParam("id") UUID id, @PathParam("apiId") UUID apiId) {
        return products.revoke(id, apiId);
    }

    /** A plan of this product: the body of {@code POST /admin/v1/plans} without {@code apiId} or {@code productId}. */
    @APIResponse(responseCode = "201", description = "The plan, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    @POST
    @Path("/{id}/plans")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response createPlan(@PathParam("id") UUID id, @Valid @NotNull PlanRequests.Create request) {
        PlanView created = plans.createInProduct(id, request);
        return Response.created(URI.create("/admin/v1/plans/" + created.id())).entity(created).build();
    }
}
