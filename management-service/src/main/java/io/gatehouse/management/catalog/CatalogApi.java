package io.gatehouse.management.catalog;

import java.util.UUID;

/**
 * One API of the catalog with its documentation: the catalog entry's fields plus the OpenAPI
 * document exactly as it was imported (JSON or YAML text), or null when the API has none.
 */
public record CatalogApi(UUID id, String slug, String name, String version, String description, String lifecycle,
                         String openapiDocument) {
}
