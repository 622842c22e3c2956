package io.gatehouse.management.catalog;

import io.gatehouse.management.developer.applications.DeveloperViews;

import java.util.List;
import java.util.UUID;

/**
 * An API as partners see it in the portal's catalog.
 *
 * @param tags  its tags, lower-case, in the order the admin gave them; empty for none
 * @param plans the plans open for subscription, with their limits and prices (as {@code GET /developer/v1/plans}
 *              answers them); empty when it has none, and always for a deprecated API
 */
public record CatalogEntry(UUID id, String slug, String name, String version, String description, String lifecycle,
                           List<String> tags, List<DeveloperViews.PlanOffer> plans) {
}
