package io.gatehouse.management.subscriptions;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** Request bodies of the subscription endpoints. */
public final class SubscriptionRequests {

    private SubscriptionRequests() {
    }

    /** @param status {@code active} (default, an admin needs no approval) or {@code pending} */
    @Schema(name = "CreateSubscription")
    public record Create(@NotNull UUID applicationId, @NotNull UUID planId, SubscriptionStatus status) {
    }

    @Schema(name = "UpdateSubscription")
    public record Update(@NotNull SubscriptionStatus status) {
    }

    /** Move the subscription to another published plan of the same product. */
    @Schema(name = "ChangeSubscriptionPlan")
    public record ChangePlan(@NotNull UUID planId) {
    }
}
