package io.gatehouse.management.applications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Request bodies of the application endpoints. */
public final class ApplicationRequests {

    private ApplicationRequests() {
    }

    public record Create(@NotNull UUID organizationId, @NotBlank @Size(max = 200) String name,
                         @Size(max = 2000) String description) {
    }

    /** Only the fields present change. Suspending stops the application's keys at every gateway. */
    public record Update(@Size(min = 1, max = 200) String name, @Size(max = 2000) String description,
                         ApplicationStatus status) {
    }
}
