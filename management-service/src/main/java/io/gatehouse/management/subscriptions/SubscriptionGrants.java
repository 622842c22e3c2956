package io.gatehouse.management.subscriptions;

import io.gatehouse.management.products.Product;

import java.util.List;
import java.util.UUID;

/**
 * What a subscription grants, named for people. {@code subscriptions.api_id} holds only the first API its product
 * grants, so a subscription whose product grants several APIs is named by its product (and lists those APIs), never
 * by that first API alone.
 *
 * @param apiId   the subscription's API ({@code subscriptions.api_id}); the whole grant only when {@link #singleApi()}
 * @param apis    the names of the APIs the product grants, by name
 */
public record SubscriptionGrants(UUID apiId, String api, String apiVersion, UUID productId, String product,
                                 List<String> apis) {

    static SubscriptionGrants of(Subscription s) {
        Product p = s.plan.product;
        return new SubscriptionGrants(s.api.id, s.api.name, s.api.version, p.id, p.name,
                p.apis.stream().map(g -> g.api.name).sorted(String.CASE_INSENSITIVE_ORDER).toList());
    }

    /** Whether the product grants one API (or, while it is being changed, none): then the API names it. */
    public boolean singleApi() {
        return apis.size() <= 1;
    }

    /** "Payments", or "the product Travel bundle" when the product grants several APIs. */
    public String name() {
        return singleApi() ? api : "the product " + product;
    }

    /** The product's APIs as a list in words: "Maps, Routing". */
    public String apiNames() {
        return String.join(", ", apis);
    }

    /** The console page of what is granted: the API's, or the product's when it grants several APIs. */
    public String consolePath() {
        return singleApi() ? "/console/apis/" + apiId : "/console/products/" + productId;
    }
}
