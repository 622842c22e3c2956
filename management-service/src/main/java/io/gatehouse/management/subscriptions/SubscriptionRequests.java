package io.gatehouse.management.subscriptions;

import jakarta.validation.constraints.NotNull;

import java.util.UUID;

/** Request bodies of the subscription endpoints. */
public final class SubscriptionRequests {

    private SubscriptionRequests() {
    }

    /** @param status {@code active} (default, an admin needs no approval) or {@code pending} */
    public record Create(@NotNull UUID applicationId, @NotNull UUID planId, SubscriptionStatus status) {
    }

    public record Update(@NotNull SubscriptionStatus status) {
    }
}
