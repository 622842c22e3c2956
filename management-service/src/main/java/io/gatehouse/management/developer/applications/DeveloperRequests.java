package io.gatehouse.management.developer.applications;

import io.gatehouse.management.applications.ApplicationRequests;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** Request bodies of the developer API's application routes. */
public final class DeveloperRequests {

    private DeveloperRequests() {
    }

    @Schema(name = "CreatePartnerApplication")
    public record CreateApplication(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description) {
    }

    /**
     * Only the fields present change; {@code oauthClientId: ""} removes the client id. The same rules as the
     * admin API's application update (the client id is unique among all applications).
     */
    @Schema(name = "UpdatePartnerApplication")
    public record UpdateApplication(@Size(min = 1, max = 200) String name, @Size(max = 2000) String description,
                                    @Pattern(regexp = "^$|" + ApplicationRequests.CLIENT_ID,
                                            message = "must be 1-200 characters without spaces, or empty to remove it")
                                    String oauthClientId) {
    }

    public record Subscribe(@NotNull UUID planId) {
    }

    /** Move a subscription to another plan of the same product. */
    @Schema(name = "ChangePartnerSubscriptionPlan")
    public record ChangePlan(@NotNull UUID planId) {
    }

    @Schema(name = "IssuePartnerKey")
    public record IssueKey(@Size(min = 1, max = 100) String name) {
    }

    /** @param graceHours how long the old key keeps working (0 to 168); the configured default when absent */
    @Schema(name = "RotateKey")
    public record Rotate(@Min(0) @Max(168) Integer graceHours) {
    }
}
