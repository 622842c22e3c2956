package io.gatehouse.management.catalog;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.apis.Lifecycle;
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
import java.util.Set;
import java.util.UUID;

/** The developer API's public catalog: published and deprecated APIs; drafts and retired ones never. */
@Path("/developer/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class DeveloperCatalogResource {

    private static final Set<Lifecycle> VISIBLE = Set.of(Lifecycle.PUBLISHED, Lifecycle.DEPRECATED);

    @GET
    @Transactional
    public List<CatalogEntry> catalog() {
        return Api.<Api>find("lifecycle in ?1", Sort.by("name").and("version"),
                        VISIBLE).stream()
                .map(a -> new CatalogEntry(a.id, a.slug, a.name, a.version, a.description, a.lifecycle.code()))
                .toList();
    }

    /** One visible API with its OpenAPI document; a draft, retired or unknown API is the same 404 problem. */
    @GET
    @Path("/{id}")
    @Transactional
    public CatalogApi api(@PathParam("id") UUID id) {
        Api api = Api.findById(id);
        if (api == null || !VISIBLE.contains(api.lifecycle)) {
            throw ApiProblem.notFound("API", id);
        }
        return new CatalogApi(api.id, api.slug, api.name, api.version, api.description, api.lifecycle.code(),
                api.openapiDocument);
    }
}
