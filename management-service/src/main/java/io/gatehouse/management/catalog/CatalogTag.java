package io.gatehouse.management.catalog;

/**
 * A tag of the catalog, as the portal offers it for filtering.
 *
 * @param apis how many visible APIs carry it
 */
public record CatalogTag(String tag, long apis) {
}
