package io.gatehouse.management.catalog;

import java.util.UUID;

/** An API as partners see it in the portal's catalog. */
public record CatalogEntry(UUID id, String slug, String name, String version, String description, String lifecycle) {
}
