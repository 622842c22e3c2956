package io.gatehouse.portal.catalog;

import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.UUID;

/**
 * The management service's public catalog ({@code GET /developer/v1/catalog}). The portal owns no
 * catalog data: every page reads it from there.
 */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public interface ManagementCatalog {

    /**
     * Published and deprecated APIs, by name then version: all of them when both are null, else those holding every
     * word of {@code q} (in the name, description or tags, case-insensitive) and carrying {@code tag}. A {@code q}
     * longer than 200 characters is a 400 {@link ManagementProblem}.
     */
    @GET
    List<CatalogEntry> list(@QueryParam("q") String q, @QueryParam("tag") String tag);

    /** Every tag of a published or deprecated API, alphabetical, with how many carry it. */
    @GET
    @Path("/tags")
    List<CatalogTag> tags();

    /**
     * Products that grant a published API, by name, each with its published and deprecated APIs (restricted routes
     * and methods, if any) and its open plans with prices.
     */
    @GET
    @Path("/products")
    List<CatalogProduct> products();

    /** One product as {@link #products()} lists it; one without a published API, or unknown, is a 404 {@link ManagementProblem}. */
    @GET
    @Path("/products/{id}")
    CatalogProduct product(@PathParam("id") UUID id);

    /** One published or deprecated API with its OpenAPI document; anything else is a 404 {@link ManagementProblem}. */
    @GET
    @Path("/{id}")
    CatalogApi get(@PathParam("id") UUID id);

    /** One guide of a published or deprecated API; anything else is a 404 {@link ManagementProblem}. */
    @GET
    @Path("/{id}/guides/{slug}")
    CatalogGuide guide(@PathParam("id") UUID id, @PathParam("slug") String slug);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }
}
