package io.gatehouse.management.applications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** Request bodies of the application endpoints. */
public final class ApplicationRequests {

    private ApplicationRequests() {
    }

    /** No whitespace, at most 200 characters: what a token's {@code azp}/{@code client_id} carries. */
    public static final String CLIENT_ID = "^\\S{1,200}$";

    /**
     * @param oauthClientId the OAuth client id its bearer tokens name (optional, unique)
     */
    @Schema(name = "CreateApplication")
    public record Create(@NotNull UUID organizationId, @NotBlank @Size(max = 200) String name,
                         @Size(max = 2000) String description,
                         @Pattern(regexp = CLIENT_ID, message = "must be 1-200 characters without spaces") String oauthClientId) {

        public Create(UUID organizationId, String name, String description) {
            this(organizationId, name, description, null);
        }
    }

    /**
     * Only the fields present change. Suspending stops the application's keys and tokens at every gateway.
     * {@code oauthClientId: ""} removes the client id.
     */
    @Schema(name = "UpdateApplication")
    public record Update(@Size(min = 1, max = 200) String name, @Size(max = 2000) String description,
                         ApplicationStatus status,
                         @Pattern(regexp = "^$|" + CLIENT_ID, message = "must be 1-200 characters without spaces, or empty to remove it")
                         String oauthClientId) {

        public Update(String name, String description, ApplicationStatus status) {
            this(name, description, status, null);
        }
    }
}
