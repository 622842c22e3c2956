package io.gatehouse.portal.catalog;

import io.gatehouse.portal.plans.PlanOffer;
import io.quarkus.qute.TemplateData;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A product as management's developer API lists it ({@code GET /developer/v1/catalog/products}): the APIs a
 * subscription to one of its plans may call, and those plans with their limits and prices.
 *
 * @param apis  its published and deprecated APIs, by name and version
 * @param plans its plans open for subscription
 */
@TemplateData
public record CatalogProduct(UUID id, String slug, String name, String description, List<ApiGrant> apis,
                             List<PlanOffer> plans) {

    public CatalogProduct {
        apis = apis == null ? List.of() : List.copyOf(apis);
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    /** The product's page. */
    public String path() {
        return "/products/" + id;
    }

    /**
     * One API of the product. {@code routes} and {@code methods} are empty when the product grants the whole API;
     * otherwise a subscription may call only those routes, with only those methods.
     */
    @TemplateData
    public record ApiGrant(UUID id, String slug, String name, String version, String lifecycle, List<Route> routes,
                           List<String> methods) {

        public ApiGrant {
            routes = routes == null ? List.of() : List.copyOf(routes);
            methods = methods == null ? List.of() : List.copyOf(methods);
        }

        public boolean deprecated() {
            return "deprecated".equals(lifecycle);
        }

        /** The API's documentation page. */
        public String docsPath() {
            return "/apis/" + segment(slug) + "/" + segment(version);
        }

        /**
         * What the product grants of this API, in words: "The whole API: every route and method.", "Only the routes
         * /orders and /refunds (GET, POST), with every method they allow.", "Every route, with GET and HEAD only.", or
         * both restrictions in one sentence.
         */
        public String grantInWords() {
            if (routes.isEmpty() && methods.isEmpty()) {
                return "The whole API: every route and method.";
            }
            String onlyMethods = and(methods) + " only";
            if (routes.isEmpty()) {
                return "Every route, with " + onlyMethods + ".";
            }
            String routeWords = (routes.size() == 1 ? "Only the route " : "Only the routes ")
                    + and(routes.stream().map(Route::inWords).toList());
            return routeWords + (methods.isEmpty() ? ", with every method " + (routes.size() == 1 ? "it allows" : "they allow")
                    : ", with " + onlyMethods) + ".";
        }

        private static String segment(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /** A route the product grants: its path prefix, optional host, and the methods the route itself allows. */
    @TemplateData
    public record Route(UUID id, String pathPrefix, String host, List<String> methods) {

        public Route {
            methods = methods == null ? List.of() : List.copyOf(methods);
        }

        /** "/orders (GET, POST)", "/orders on api.example.com", "/orders" when it allows every method. */
        String inWords() {
            return pathPrefix + (host == null || host.isBlank() ? "" : " on " + host)
                    + (methods.isEmpty() ? "" : " (" + String.join(", ", methods) + ")");
        }
    }

    /** "A", "A and B", "A, B and C". */
    static String and(List<String> words) {
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return words.subList(0, words.size() - 1).stream().collect(Collectors.joining(", "))
                + " and " + words.get(words.size() - 1);
    }
}
