package io.gatehouse.management.developer.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** What the account endpoints answer. */
public final class AccountViews {

    private AccountViews() {
    }

    /** The same answer whether the email has an account or not. */
    @Schema(name = "AcceptedMessage")
    public record Accepted(String message) {
    }

    /** A new developer session: the token is in this answer only. */
    public record NewSession(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewSession[expiresAt=" + expiresAt + "]";
        }
    }

    @Schema(name = "CurrentDeveloper")
    public record Me(UserView user, OrganizationView organization) {
    }

    public record UserView(UUID id, String name, String email, boolean emailVerified, String role) {
    }

    /** @param status {@code pending} while an admin has not approved the sign-up */
    @Schema(name = "PartnerOrganization")
    public record OrganizationView(UUID id, String name, String status) {
    }
}
