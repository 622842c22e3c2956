package io.gatehouse.portal.catalog;

import io.gatehouse.portal.plans.PlanOffer;

import java.util.List;
import java.util.UUID;

/**
 * One API of the catalog with its documentation, as management's developer API gives it:
 * {@code openapiDocument} is the OpenAPI document as imported (JSON or YAML text), or null.
 *
 * @param routePath the path prefix the gateway serves the API under, e.g. {@code /payments}
 * @param routeHost the host name that route is bound to, or null when it answers on every host
 * @param guides    its markdown guide pages, in the order to list them
 * @param tags      its tags, lower-case; empty for none
 * @param plans     the plans open for subscription with their limits and prices; empty for a deprecated API
 */
public record CatalogApi(UUID id, String slug, String name, String version, String description, String lifecycle,
                         String openapiDocument, String routePath, String routeHost, List<Guide> guides,
                         List<String> tags, List<PlanOffer> plans) {

    public CatalogApi {
        tags = tags == null ? List.of() : List.copyOf(tags);
        guides = guides == null ? List.of() : List.copyOf(guides);
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    public boolean deprecated() {
        return "deprecated".equals(lifecycle);
    }

    /** A guide as the API's page links it. */
    public record Guide(String slug, String title) {
    }
}
