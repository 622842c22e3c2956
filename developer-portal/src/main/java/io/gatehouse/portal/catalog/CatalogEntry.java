package io.gatehouse.portal.catalog;

import io.gatehouse.portal.plans.PlanOffer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * An API as the management service's developer API lists it (published or deprecated only).
 *
 * @param tags  its tags, lower-case; empty for none
 * @param plans the plans open for subscription with their limits and prices; empty for a deprecated API
 */
public record CatalogEntry(UUID id, String slug, String name, String version, String description, String lifecycle,
                           List<String> tags, List<PlanOffer> plans) {

    public CatalogEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    public boolean deprecated() {
        return "deprecated".equals(lifecycle);
    }

    /** The address of the API's documentation page. */
    public String docsPath() {
        return "/apis/" + segment(slug) + "/" + segment(version);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
