package io.gatehouse.management.products;

import io.gatehouse.management.common.Slug;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** Request bodies of the product endpoints. */
public final class ProductRequests {

    /** An upper-case method token, as the products table checks it. */
    static final String METHOD = "^[A-Z]{1,20}$";

    private ProductRequests() {
    }

    /**
     * A new product; it grants nothing until APIs are added ({@code PUT /admin/v1/products/{id}/apis/{apiId}}).
     *
     * @param slug optional: lower-case letters, digits and single dashes, at most 80; made from the name when absent
     */
    @Schema(name = "CreateProduct")
    public record Create(@Pattern(regexp = Slug.PATTERN, message = "must be lower-case letters, digits and single dashes")
                         @Size(max = 80) String slug,
                         @NotBlank @Size(max = 200) String name,
                         @Size(max = 5000) String description) {
    }

    /** Only the fields present change. */
    @Schema(name = "UpdateProduct")
    public record Update(@Size(min = 1, max = 200) String name, @Size(max = 5000) String description) {
    }

    /**
     * What a product grants of one API: {@code routeIds} (routes of that API) and {@code methods} (upper-case tokens,
     * e.g. {@code GET}); each absent or empty means all.
     */
    @Schema(name = "ProductApiGrant")
    public record Grant(@Size(max = 200) List<@NotNull UUID> routeIds,
                        @Size(max = 20) List<@NotNull @Pattern(regexp = METHOD, message = "must be an upper-case method token like GET") String> methods) {
    }
}
