package io.gatehouse.gateway.policy.subscription;

/**
 * An active subscription: an application may call what its plan's product grants, under that plan's limits.
 *
 * @param id            subscription id (the rate limiter's subject for plans limited per subscription, so one
 *                      subscription's limits cover every API of its product)
 * @param applicationId the subscribed application
 * @param planId        the plan that sets its limits
 * @param apiId         the API of a one-API subscription as the snapshot names it, or {@code null} for a product of
 *                      several; what it grants is in its {@link ApiGrant}s
 */
public record Subscription(String id, String applicationId, String planId, String apiId) {
}
