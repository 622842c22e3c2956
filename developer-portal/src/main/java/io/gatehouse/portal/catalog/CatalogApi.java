package io.gatehouse.portal.catalog;

import java.util.UUID;

/**
 * One API of the catalog with its documentation, as management's developer API gives it:
 * {@code openapiDocument} is the OpenAPI document as imported (JSON or YAML text), or null.
 */
public record CatalogApi(UUID id, String slug, String name, String version, String description, String lifecycle,
                         String openapiDocument) {

    public boolean deprecated() {
        return "deprecated".equals(lifecycle);
    }
}
