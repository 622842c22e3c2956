package io.gatehouse.management.organizations;

import io.gatehouse.management.common.Slug;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the organization endpoints. */
public final class OrganizationRequests {

    private OrganizationRequests() {
    }

    /** @param slug URL name; made from the name when absent */
    @Schema(name = "CreateOrganization")
    public record Create(@NotBlank @Size(max = 200) String name,
                         @Size(max = 100) @Pattern(regexp = Slug.PATTERN, message = "use lower-case letters, digits and dashes") String slug,
                         OrganizationStatus status) {
    }

    /** Only the fields present change. Suspending stops every key of the organization at every gateway. */
    @Schema(name = "UpdateOrganization")
    public record Update(@Size(min = 1, max = 200) String name, OrganizationStatus status) {
    }
}
