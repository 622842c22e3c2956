package io.gatehouse.management.apis;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An API as the admin API shows it.
 *
 * @param ownerSubject       the OIDC subject of its owner: who, besides platform admins, may change it
 * @param hasOpenapiDocument whether the API has an OpenAPI document, imported or attached ({@code GET/PUT /admin/v1/apis/{id}/openapi})
 * @param options            the API's gateway options ({@code PUT /admin/v1/apis/{id}/options}); null when none are set
 * @param tags               its tags, lower-case, in the order given; empty for none
 */
public record ApiView(UUID id, String name, String slug, String version, String description, Lifecycle lifecycle,
                      Instant sunsetAt, List<RouteView> routes, List<TargetView> targets,
                      Instant createdAt, Instant updatedAt, String ownerSubject, boolean hasOpenapiDocument,
                      GatewayOptions.ApiOptions options, List<String> tags) {

    /**
     * A route, in the API's order.
     *
     * @param position its place among the API's routes, 0 first
     * @param headers  header conditions that must all hold; empty for none
     * @param rewrite  the path rewrite, or null
     * @param options  the route's gateway options; null when none are set
     */
    public record RouteView(UUID id, int position, String pathPrefix, String host, List<String> methods,
                            List<HeaderCondition> headers, boolean stripPrefix, Rewrite rewrite,
                            int connectTimeoutMs, int responseTimeoutMs, GatewayOptions.RouteOptions options) {

        public static RouteView of(ApiRoute r) {
            return new RouteView(r.id, r.position, r.pathPrefix, r.host, methodList(r.methods), r.headers(),
                    r.stripPrefix, r.rewrite(), r.connectTimeoutMs, r.responseTimeoutMs, r.options());
        }
    }

    public record TargetView(UUID id, String url, int weight, boolean enabled) {

        static TargetView of(UpstreamTarget t) {
            return new TargetView(t.id, t.url, t.weight, t.enabled);
        }
    }

    public static ApiView of(Api a) {
        return new ApiView(a.id, a.name, a.slug, a.version, a.description, a.lifecycle, a.sunsetAt,
                a.routes.stream().map(RouteView::of).toList(), a.targets.stream().map(TargetView::of).toList(),
                a.createdAt, a.updatedAt, a.ownerSubject, a.openapiDocument != null, a.options(),
                a.tagList());
    }

    /** The tags as the console's form shows them, {@code "payments, eu"}. */
    public String tagsText() {
        return String.join(", ", tags);
    }

    /** The route the gateway matches first, or null. */
    public RouteView firstRoute() {
        return routes.isEmpty() ? null : routes.get(0);
    }

    /** The first upstream target, or null. */
    public TargetView firstTarget() {
        return targets.isEmpty() ? null : targets.get(0);
    }

    /** The stored comma-separated methods as a list; empty for all methods. */
    public static List<String> methodList(String methods) {
        return methods == null || methods.isBlank() ? List.of() : Arrays.asList(methods.split(","));
    }
}
