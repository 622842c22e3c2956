package io.gatehouse.management.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.management.developer.applications.DeveloperViews;

import java.util.List;
import java.util.UUID;

/**
 * A product as partners see it in the catalog: the APIs a subscription to one of its plans grants, and those plans
 * with their limits and prices (the same offers as {@code GET /developer/v1/plans}).
 *
 * @param apis  its published and deprecated APIs, by name and version
 * @param plans its plans open for subscription, by name
 */
public record CatalogProduct(UUID id, String slug, String name, String description, List<ApiGrant> apis,
                             List<DeveloperViews.PlanOffer> plans) {

    /**
     * One API of the product. {@code routes} and {@code methods} are left out when the product grants the whole API;
     * otherwise a subscription may call only those routes, with only those methods.
     */
    public record ApiGrant(UUID id, String slug, String name, String version, String lifecycle,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Route> routes,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> methods) {
    }

    /** A route the product grants: its id, path prefix, optional host, and the methods the route itself allows. */
    public record Route(UUID id, String pathPrefix, @JsonInclude(JsonInclude.Include.NON_NULL) String host,
                        List<String> methods) {
    }
}
