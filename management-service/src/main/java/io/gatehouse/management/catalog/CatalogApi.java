package io.gatehouse.management.catalog;

import io.gatehouse.management.developer.applications.DeveloperViews;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/**
 * One API of the catalog with its documentation: the catalog entry's fields plus the OpenAPI
 * document exactly as it was imported (JSON or YAML text), or null when the API has none.
 *
 * @param routePath the path prefix the gateway serves the API under (its first route), e.g. {@code /payments}
 * @param routeHost the host that route is bound to, or null when it answers on every host
 * @param guides    its markdown guide pages in the order to list them (read one with {@code …/guides/{slug}})
 * @param tags      its tags, lower-case, in the order the admin gave them; empty for none
 * @param plans     the plans open for subscription, with their limits and prices; empty for a deprecated API
 */
public record CatalogApi(UUID id, String slug, String name, String version, String description, String lifecycle,
                         String openapiDocument, String routePath, String routeHost, List<Guide> guides,
                         List<String> tags, List<DeveloperViews.PlanOffer> plans) {

    /** A guide as listed on the API's page. */
    @Schema(name = "CatalogApiGuide")
    public record Guide(String slug, String title) {
    }
}
