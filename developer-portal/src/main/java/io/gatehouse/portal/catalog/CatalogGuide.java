package io.gatehouse.portal.catalog;

import java.time.Instant;

/** One markdown guide page of an API, as management's developer API gives it (markdown unrendered). */
public record CatalogGuide(String slug, String title, String markdown, Instant updatedAt) {
}
