package io.gatehouse.management.subscriptions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.Page;
import io.gatehouse.management.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

@Path("/admin/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    private final SubscriptionService subscriptions;

    public SubscriptionResource(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @APIResponse(responseCode = "201", description = "The subscription, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response create(@Valid @NotNull SubscriptionRequests.Create request) {
        SubscriptionView created = subscriptions.create(request);
        return Response.created(URI.create("/admin/v1/subscriptions/" + created.id())).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public Page<SubscriptionView> list(@QueryParam("applicationId") UUID applicationId,
                                       @QueryParam("status") String status,
                                       @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                       @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return subscriptions.list(applicationId,
                status == null ? null : Coded.queryParam(SubscriptionStatus.class, "status", status), offset, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.BILLING_VIEWER, Roles.AUDITOR})
    public SubscriptionView get(@PathParam("id") UUID id) {
        return subscriptions.get(id);
    }

    /** Approve (pending → active), reject, suspend, reinstate or cancel. */
    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public SubscriptionView update(@PathParam("id") UUID id, @Valid @NotNull SubscriptionRequests.Update request) {
        return subscriptions.changeStatus(id, request.status());
    }

    /**
     * Moves an active subscription to another published plan of the same product, in force at once (an admin needs
     * no approval): gateways get the new limits as a config delta. A plan of another product is a 409
     * {@code plan-not-in-product}.
     */
    @POST
    @Path("/{id}/plan-change")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public SubscriptionView changePlan(@PathParam("id") UUID id, @Valid @NotNull SubscriptionRequests.ChangePlan request) {
        return subscriptions.changePlan(id, request.planId(), false);
    }

    /** Approves the plan change waiting for approval ({@code pendingPlanId}): the new plan is in force from now. */
    @POST
    @Path("/{id}/plan-change/approve")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public SubscriptionView approvePlanChange(@PathParam("id") UUID id) {
        return subscriptions.decidePlanChange(id, true);
    }

    /** Rejects the plan change waiting for approval: the plan in force stays. */
    @POST
    @Path("/{id}/plan-change/reject")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public SubscriptionView rejectPlanChange(@PathParam("id") UUID id) {
        return subscriptions.decidePlanChange(id, false);
    }
}
