package io.gatehouse.management.developer.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the account endpoints. */
public final class AccountRequests {

    private AccountRequests() {
    }

    public record Signup(@NotBlank @Size(max = 200) String name,
                         @NotBlank @Email @Size(max = 254) String email,
                         @NotBlank @Size(max = 200) String company,
                         @NotBlank @Size(min = 10, max = 128, message = "use 10 to 128 characters") String password) {
        @Override
        public String toString() {
            return "Signup[email=" + email + "]";
        }
    }

    public record Login(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
        @Override
        public String toString() {
            return "Login[email=" + email + "]";
        }
    }

    @Schema(name = "VerifyEmail")
    public record Verify(@NotBlank @Size(max = 200) String token) {
    }

    @Schema(name = "PasswordResetRequest")
    public record ResetRequest(@NotBlank @Email @Size(max = 254) String email) {
    }

    @Schema(name = "PasswordResetConfirmation")
    public record ResetConfirm(@NotBlank @Size(max = 200) String token,
                               @NotBlank @Size(min = 10, max = 128, message = "use 10 to 128 characters") String password) {
        @Override
        public String toString() {
            return "ResetConfirm[]";
        }
    }
}
