package io.gatehouse.management.subscriptions;

/** A subscription with the names a person recognises instead of ids. */
public record SubscriptionListing(SubscriptionView subscription, String organization, String application, String api,
                                  String apiVersion, String plan, int planVersion) {

    static SubscriptionListing of(Subscription s) {
        return new SubscriptionListing(SubscriptionView.of(s), s.application.organization.name, s.application.name,
                s.api.name, s.api.version, s.plan.name, s.plan.planVersion);
    }
}
