package io.gatehouse.management.catalog;

import java.time.Instant;

/** One markdown guide page of a visible API, as the portal renders it. */
public record CatalogGuide(String slug, String title, String markdown, Instant updatedAt) {
}
