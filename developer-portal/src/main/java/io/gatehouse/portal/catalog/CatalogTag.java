package io.gatehouse.portal.catalog;

/**
 * A tag of the catalog as management's developer API lists it.
 *
 * @param apis how many published or deprecated APIs carry it
 */
public record CatalogTag(String tag, long apis) {
}
