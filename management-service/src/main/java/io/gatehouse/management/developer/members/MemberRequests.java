package io.gatehouse.management.developer.members;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the organization member and invitation endpoints. */
public final class MemberRequests {

    static final String ROLES = "owner|developer";
    static final String ROLES_MESSAGE = "must be owner or developer";

    private MemberRequests() {
    }

    @Schema(name = "InviteMember")
    public record Invite(@NotBlank @Email @Size(max = 254) String email,
                         @NotNull @Pattern(regexp = ROLES, message = ROLES_MESSAGE) String role) {
    }

    @Schema(name = "ChangeMemberRole")
    public record ChangeRole(@NotNull @Pattern(regexp = ROLES, message = ROLES_MESSAGE) String role) {
    }

    public record InvitationToken(@NotBlank @Size(max = 200) String token) {
    }

    @Schema(name = "AcceptInvitation")
    public record Accept(@NotBlank @Size(max = 200) String token,
                         @NotBlank @Size(max = 200) String name,
                         @NotBlank @Size(min = 10, max = 128, message = "use 10 to 128 characters") String password) {
        @Override
        public String toString() {
            return "Accept[]";
        }
    }
}
