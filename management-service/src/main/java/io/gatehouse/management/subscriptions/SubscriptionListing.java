package io.gatehouse.management.subscriptions;

/**
 * A subscription with the names a person recognises instead of ids.
 *
 * @param pendingPlan the name of the plan a change waiting for approval would move it to; null when none waits
 */
public record SubscriptionListing(SubscriptionView subscription, String organization, String application, String api,
                                  String apiVersion, String plan, int planVersion, String pendingPlan) {

    static SubscriptionListing of(Subscription s) {
        return new SubscriptionListing(SubscriptionView.of(s), s.application.organization.name, s.application.name,
                s.api.name, s.api.version, s.plan.name, s.plan.planVersion,
                PlanChange.pendingOf(s).map(c -> c.toPlan.name).orElse(null));
    }
}
