package io.gatehouse.management.developer.applications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Context;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.applications.ApplicationView;
import io.gatehouse.management.developer.session.Partner;
import io.gatehouse.management.keys.IssuedKey;
import io.gatehouse.management.keys.KeyView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * A partner's applications, subscriptions and keys ({@code Authorization: Bearer <session token>}).
 * Everything is scoped to the session's organization; other organizations' ids answer 404.
 */
@Path("/developer/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Partner.ROLE)
public class PartnerApplicationResource {

    private final PartnerApplicationService service;
    private final SecurityIdentity identity;

    public PartnerApplicationResource(PartnerApplicationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Path("/plans")
    public List<DeveloperViews.PlanOffer> plans() {
        return service.plans();
    }

    @GET
    @Path("/applications")
    public List<ApplicationView> applications() {
        return service.list(me());
    }

    @APIResponse(responseCode = "201", description = "The application, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApplicationView.class)))
    @POST
    @Path("/applications")
    public Response create(@Valid @NotNull DeveloperRequests.CreateApplication request) {
        ApplicationView created = service.create(me(), request);
        return Response.created(URI.create("/developer/v1/applications/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/applications/{applicationId}")
    public DeveloperViews.ApplicationDetail application(@PathParam("applicationId") UUID applicationId) {
        return service.detail(me(), applicationId);
    }

    /** Only the fields present change; {@code oauthClientId: ""} removes the client id. Any member may edit. */
    @PATCH
    @Path("/applications/{applicationId}")
    public ApplicationView update(@PathParam("applicationId") UUID applicationId,
                                  @Valid @NotNull DeveloperRequests.UpdateApplication request) {
        return service.update(me(), applicationId, request);
    }

    @APIResponse(responseCode = "201", description = "The subscription (pending when the plan needs approval)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeveloperViews.SubscriptionSummary.class)))
    @POST
    @Path("/applications/{applicationId}/subscriptions")
    public Response subscribe(@PathParam("applicationId") UUID applicationId,
                              @Valid @NotNull DeveloperRequests.Subscribe request) {
        return Response.status(Response.Status.CREATED)
                .entity(service.subscribe(me(), applicationId, request.planId())).build();
    }

    /** Cancels the subscription at once; the month's flat fee stays owed, no later month is billed. */
    @POST
    @Path("/applications/{applicationId}/subscriptions/{subscriptionId}/cancel")
    public DeveloperViews.SubscriptionSummary cancel(@PathParam("applicationId") UUID applicationId,
                                                     @PathParam("subscriptionId") UUID subscriptionId) {
        return service.cancel(me(), applicationId, subscriptionId);
    }

    /** The open plans the subscription may change to (the other plans of its product), with limits and prices. */
    @GET
    @Path("/applications/{applicationId}/subscriptions/{subscriptionId}/plan-choices")
    public List<DeveloperViews.PlanOffer> planChoices(@PathParam("applicationId") UUID applicationId,
                                                      @PathParam("subscriptionId") UUID subscriptionId) {
        return service.planChoices(me(), applicationId, subscriptionId);
    }

    /**
     * Changes the plan: in force at once (gateways get the new limits; the flat fees of the old and the new plan are
     * prorated by the time each was in force in the month), or waiting for approval ({@code pendingPlanId}) with the
     * old plan in force until an admin approves.
     */
    @POST
    @Path("/applications/{applicationId}/subscriptions/{subscriptionId}/plan-change")
    public DeveloperViews.SubscriptionSummary changePlan(@PathParam("applicationId") UUID applicationId,
                                                         @PathParam("subscriptionId") UUID subscriptionId,
                                                         @Valid @NotNull DeveloperRequests.ChangePlan request) {
        return service.changePlan(me(), applicationId, subscriptionId, request.planId());
    }

    @GET
    @Path("/applications/{applicationId}/keys")
    public List<KeyView> keys(@PathParam("applicationId") UUID applicationId) {
        return service.keys(me(), applicationId);
    }

    /** Issues a key; the full key is in this answer only. */
    @APIResponse(responseCode = "201", description = "The key, shown in full this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedKey.class)))
    @POST
    @Path("/applications/{applicationId}/keys")
    public Response issue(@PathParam("applicationId") UUID applicationId, @RequestBody(required = false) @Valid DeveloperRequests.IssueKey request,
            @Context HttpHeaders headers) {
        ClientInput.refuseNullBody(request, headers.getLength());
        IssuedKey issued = service.issueKey(me(), applicationId, request == null ? null : request.name());
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store").entity(issued).build();
    }

    @APIResponse(responseCode = "201", description = "The new key, shown in full this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeveloperViews.RotatedKey.class)))
    @POST
    @Path("/applications/{applicationId}/keys/{keyId}/rotate")
    public Response rotate(@PathParam("applicationId") UUID applicationId, @PathParam("keyId") UUID keyId,
                           @Valid DeveloperRequests.Rotate request) {
        var rotated = service.rotateKey(me(), applicationId, keyId, request == null ? null : request.graceHours());
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store").entity(rotated).build();
    }

    @POST
    @Path("/applications/{applicationId}/keys/{keyId}/revoke")
    public KeyView revoke(@PathParam("applicationId") UUID applicationId, @PathParam("keyId") UUID keyId) {
        return service.revokeKey(me(), applicationId, keyId);
    }

    private Partner me() {
        return Partner.of(identity);
    }
}
