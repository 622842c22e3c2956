package io.gatehouse.portal.apps;

import io.gatehouse.portal.plans.Grants;
import io.gatehouse.portal.plans.PlanOffer;
import io.gatehouse.portal.session.ManagementProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The management service's application routes for the signed-in partner. Management scopes every
 * call to the session's organization: another organization's id answers 404.
 */
@RegisterRestClient(configKey = "management")
@Path("/developer/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ManagementApplications {

    String AUTH = "Authorization";

    /** The plans open for subscription, with their limits and prices. */
    @GET
    @Path("/plans")
    List<PlanOffer> plans(@HeaderParam(AUTH) String bearer);

    @GET
    @Path("/applications")
    List<Application> list(@HeaderParam(AUTH) String bearer);

    @POST
    @Path("/applications")
    Application create(@HeaderParam(AUTH) String bearer, Map<String, String> application);

    @GET
    @Path("/applications/{id}")
    ApplicationDetail get(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id);

    /** Only the fields present change; {@code oauthClientId: ""} removes the client id. */
    @PATCH
    @Path("/applications/{id}")
    Application update(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id, Map<String, String> changes);

    @POST
    @Path("/applications/{id}/subscriptions")
    Subscription subscribe(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id, Map<String, UUID> plan);

    /** Cancels at once. */
    @POST
    @Path("/applications/{id}/subscriptions/{subscriptionId}/cancel")
    Subscription cancel(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id,
                        @PathParam("subscriptionId") UUID subscriptionId);

    /** The open plans of the subscription's product it may change to. */
    @GET
    @Path("/applications/{id}/subscriptions/{subscriptionId}/plan-choices")
    List<PlanOffer> planChoices(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id,
                                @PathParam("subscriptionId") UUID subscriptionId);

    /** In force at once, or waiting for approval ({@code pendingPlanId}) with the old plan in force. */
    @POST
    @Path("/applications/{id}/subscriptions/{subscriptionId}/plan-change")
    Subscription changePlan(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id,
                            @PathParam("subscriptionId") UUID subscriptionId, Map<String, UUID> plan);

    @POST
    @Path("/applications/{id}/keys")
    IssuedKey issueKey(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id, Map<String, String> key);

    @POST
    @Path("/applications/{id}/keys/{keyId}/rotate")
    RotatedKey rotateKey(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id, @PathParam("keyId") UUID keyId,
                         Map<String, Integer> grace);

    @POST
    @Path("/applications/{id}/keys/{keyId}/revoke")
    Key revokeKey(@HeaderParam(AUTH) String bearer, @PathParam("id") UUID id, @PathParam("keyId") UUID keyId);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        return ManagementProblem.of(response);
    }

    /** @param oauthClientId the {@code azp}/{@code client_id} its bearer tokens carry; null when it has none */
    record Application(UUID id, String name, String description, String status, String oauthClientId,
                       Instant createdAt) {
    }

    record Limit(String kind, long maxRequests, String timeUnit, String resets, Instant nextResetAt) {
    }

    /**
     * @param pendingPlanId the plan a change waiting for approval would move it to (null, with
     *                      {@code pendingPlanName} and {@code pendingSince}, when none waits)
     * @param apiId         the first API its product grants; the whole grant only when {@code singleApi}
     * @param singleApi     false when the plan's product bundles several APIs: pages name {@code productName} then
     */
    record Subscription(UUID id, UUID planId, String planName, UUID apiId, String apiName, String apiVersion,
                        String status, Instant requestedAt, Instant activatedAt, List<Limit> limits,
                        UUID pendingPlanId, String pendingPlanName, Instant pendingSince, Instant endedAt,
                        UUID productId, String productName, Boolean singleApi) {

        /** "Payments v1", or "the product Travel bundle" for a product of several APIs. */
        public String grants() {
            return Boolean.FALSE.equals(singleApi) ? Grants.of(null, null, productName)
                    : Grants.of(apiName, apiVersion, productName);
        }

        /** The product's page of a product of several APIs, or null when the subscription grants one API. */
        public String productPath() {
            return Boolean.FALSE.equals(singleApi) && productId != null ? "/products/" + productId : null;
        }

        /** Pending, active or suspended: it can still be cancelled. */
        public boolean live() {
            return "pending".equals(status) || "active".equals(status) || "suspended".equals(status);
        }

        /** Only an active subscription changes plan. */
        public boolean canChangePlan() {
            return "active".equals(status);
        }
    }

    record Key(UUID id, String name, String prefix, String lastFour, String status, Instant createdAt,
               Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        public boolean active() {
            return "active".equals(status) && (expiresAt == null || expiresAt.isAfter(Instant.now()));
        }
    }

    record ApplicationDetail(Application application, List<Subscription> subscriptions, List<Key> keys) {
    }

    record IssuedKey(String key, Key details) {
        @Override
        public String toString() {
            return "IssuedKey[" + details + "]";
        }
    }

    record RotatedKey(String key, Key details, Key previous) {
        @Override
        public String toString() {
            return "RotatedKey[" + details + "]";
        }
    }
}
