package io.gatehouse.portal.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Finds a catalog API by the slug and version in a page's address. Management finds APIs by id;
 * the catalog maps slug and version to it, so drafts and retired APIs are not found here either.
 */
@ApplicationScoped
public class CatalogLookup {

    private final ManagementCatalog management;

    public CatalogLookup(@RestClient ManagementCatalog management) {
        this.management = management;
    }

    /** The visible API with its document and guides; {@link NotFoundException} (the 404 page) otherwise. */
    public CatalogApi find(String slug, String version) {
        CatalogEntry entry = management.list(null, null).stream()
                .filter(e -> e.slug().equals(slug) && e.version().equals(version))
                .findFirst().orElseThrow(NotFoundException::new);
        return management.get(entry.id());
    }
}
