package io.gatehouse.management.developer.members;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** What the organization member and invitation endpoints answer. */
public final class MemberViews {

    private MemberViews() {
    }

    /** @param joined when the person became a member */
    @Schema(name = "OrganizationMember")
    public record Member(UUID userId, String name, String email, String role, Instant joined) {
    }

    /**
     * An invitation that is neither accepted nor revoked.
     *
     * @param expired true once {@code expiresAt} has passed: the link no longer works, invite again
     */
    public record PendingInvitation(UUID id, String email, String role, String invitedBy, Instant createdAt,
                                    Instant expiresAt, boolean expired) {
    }

    /** What an invitation link offers, before it is accepted. */
    public record InvitationOffer(String email, String organizationName, String role, String invitedBy, Instant expiresAt) {
    }
}
