package io.gatehouse.gateway.policy.subscription;

/**
 * An active subscription: an application may call an API under a plan.
 *
 * @param id            subscription id
 * @param applicationId the subscribed application
 * @param planId        the plan that sets its limits
 * @param apiId         the API it grants access to
 */
public record Subscription(String id, String applicationId, String planId, String apiId) {
}
