package io.gatehouse.management.subscriptions;

/**
 * A subscription with the names a person recognises instead of ids.
 *
 * @param api         the first API its product grants ({@code subscriptions.api_id}): what it grants only when
 *                    {@code grants.singleApi()}; pages name {@code grants}
 * @param pendingPlan the name of the plan a change waiting for approval would move it to; null when none waits
 * @param grants      its API, or its product and the product's APIs when the product grants several
 */
public record SubscriptionListing(SubscriptionView subscription, String organization, String application, String api,
                                  String apiVersion, String plan, int planVersion, String pendingPlan,
                                  SubscriptionGrants grants) {

    static SubscriptionListing of(Subscription s) {
        return new SubscriptionListing(SubscriptionView.of(s), s.application.organization.name, s.application.name,
                s.api.name, s.api.version, s.plan.name, s.plan.planVersion,
                PlanChange.pendingOf(s).map(c -> c.toPlan.name).orElse(null), SubscriptionGrants.of(s));
    }
}
