package io.gatehouse.management.apis;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.Page;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

@Path("/admin/v1/apis")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiResource {

    private static final String YAML = "application/yaml";

    private final ApiService apis;
    private final RouteService routes;
    private final OpenApiImport importer;

    public ApiResource(ApiService apis, RouteService routes, OpenApiImport importer) {
        this.apis = apis;
        this.routes = routes;
        this.importer = importer;
    }

    @APIResponse(responseCode = "201", description = "The API, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiView.class)))
    @POST
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response create(@Valid @NotNull ApiRequests.Create request) {
        ApiView created = apis.create(request);
        return Response.created(URI.create("/admin/v1/apis/" + created.id())).entity(created).build();
    }

    /**
     * Creates a draft API from an OpenAPI 3.0/3.1 document (JSON or YAML body). {@code routePath}
     * and {@code upstreamUrl} override what the document's first server URL says.
     */
    @APIResponse(responseCode = "201", description = "The API, created from the document",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiView.class)))
    @POST
    @Path("/import")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response importOpenApi(String document, @HeaderParam("Content-Type") String contentType,
                                  @QueryParam("routePath") String routePath,
                                  @QueryParam("upstreamUrl") String upstreamUrl,
                                  @QueryParam("slug") String slug) {
        boolean isJson = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        ApiView created = importer.importDocument(document, isJson, new OpenApiImport.Options(routePath, upstreamUrl, slug));
        return Response.created(URI.create("/admin/v1/apis/" + created.id())).entity(created).build();
    }

    /** The API's OpenAPI document (imported or attached), as it was given. */
    @GET
    @Path("/{id}/openapi")
    @Produces({MediaType.APPLICATION_JSON, YAML})
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Response openapi(@PathParam("id") UUID id) {
        String document = apis.openapiDocument(id);
        return Response.ok(document, document.stripLeading().startsWith("{") ? MediaType.APPLICATION_JSON : YAML).build();
    }

    /**
     * Attaches an OpenAPI 3.0/3.1 document (JSON or YAML body) to an existing API, or replaces the one it has. The
     * document is checked as an import checks it. It does not change the API's routes, upstreams, name or version:
     * it is what the developer portal renders as the API's reference and try-it console.
     */
    @APIResponse(responseCode = "200", description = "The API, with hasOpenapiDocument true. Its routes are unchanged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiView.class)))
    @PUT
    @Path("/{id}/openapi")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView replaceOpenapi(@PathParam("id") UUID id, String document,
                                  @HeaderParam("Content-Type") String contentType) {
        boolean isJson = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        return importer.attachDocument(id, document, isJson);
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Page<ApiView> list(@QueryParam("lifecycle") String lifecycle,
                              @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                              @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return apis.list(lifecycle == null ? null : Coded.queryParam(Lifecycle.class, "lifecycle", lifecycle), offset, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public ApiView get(@PathParam("id") UUID id) {
        return apis.get(id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView update(@PathParam("id") UUID id, @Valid @NotNull ApiRequests.Update request) {
        return apis.update(id, request);
    }

    /** Replaces the API's upstream targets: {@code {"targets": [{"url", "weight", "enabled"}, …]}}. */
    @PUT
    @Path("/{id}/targets")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView replaceTargets(@PathParam("id") UUID id, @Valid @NotNull ApiRequests.Targets request) {
        return apis.replaceTargets(id, request);
    }

    /** Replaces the API's gateway options (cors, ipAccess, healthCheck, circuitBreaker); {@code {}} clears them. */
    @PUT
    @Path("/{id}/options")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView replaceOptions(@PathParam("id") UUID id, @Valid @NotNull GatewayOptions.ApiOptions request) {
        return apis.replaceOptions(id, request);
    }

    /** Replaces a route's gateway options (body limit, header edits, retries, cache); {@code {}} clears them. */
    @PUT
    @Path("/{id}/routes/{routeId}/options")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView replaceRouteOptions(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId,
                                       @Valid @NotNull GatewayOptions.RouteOptions request) {
        return apis.replaceRouteOptions(id, routeId, request);
    }

    /** Adds a route after the API's last one; answers the API with all its routes. */
    @APIResponse(responseCode = "201", description = "The API with the route added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiView.class)))
    @POST
    @Path("/{id}/routes")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public Response addRoute(@PathParam("id") UUID id, @Valid @NotNull ApiRequests.Route request) {
        ApiView api = routes.add(id, request);
        UUID added = api.routes().get(api.routes().size() - 1).id();
        return Response.created(URI.create("/admin/v1/apis/" + id + "/routes/" + added)).entity(api).build();
    }

    /** Puts the API's routes in this order: {@code {"routeIds": [...]}} with each of its routes once. */
    @PUT
    @Path("/{id}/routes/order")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView reorderRoutes(@PathParam("id") UUID id, @Valid @NotNull ApiRequests.RouteOrder request) {
        return routes.reorder(id, request);
    }

    /** Replaces a route's match, forwarding and timeouts, and its options when the body has them. */
    @PUT
    @Path("/{id}/routes/{routeId}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView replaceRoute(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId,
                                @Valid @NotNull ApiRequests.Route request) {
        return routes.replace(id, routeId, request);
    }

    /** Deletes a route; 409 {@code last-route} for the API's only one. */
    @DELETE
    @Path("/{id}/routes/{routeId}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.API_OWNER})
    public ApiView deleteRoute(@PathParam("id") UUID id, @PathParam("routeId") UUID routeId) {
        return routes.delete(id, routeId);
    }
}
