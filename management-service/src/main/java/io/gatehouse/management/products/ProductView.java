package io.gatehouse.management.products;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A product as the admin API shows it.
 *
 * @param homeApiId set when the product is the one a plan created for that API joins (it grants exactly that API)
 * @param apis      what it grants, by API id; empty {@code routeIds}/{@code methods}: all
 */
public record ProductView(UUID id, String slug, String name, String description, UUID homeApiId, List<GrantView> apis,
                          Instant createdAt, Instant updatedAt) {

    public record GrantView(UUID apiId, String apiName, String apiVersion, List<UUID> routeIds, List<String> methods) {
    }

    public static ProductView of(Product p) {
        return new ProductView(p.id, p.slug, p.name, p.description, p.homeApi == null ? null : p.homeApi.id,
                p.grants().stream().map(g -> new GrantView(g.api.id, g.api.name, g.api.version,
                        Arrays.asList(g.routeIds), Arrays.asList(g.methods))).toList(),
                p.createdAt, p.updatedAt);
    }
}
