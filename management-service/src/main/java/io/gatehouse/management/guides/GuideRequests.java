package io.gatehouse.management.guides;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the guide routes. */
public final class GuideRequests {

    /** Longest markdown text a guide may have, in characters. */
    public static final int MAX_MARKDOWN = 200_000;

    private GuideRequests() {
    }

    /**
     * {@code PUT /admin/v1/apis/{id}/guides/{slug}}: the whole guide; it replaces the one with that slug.
     *
     * @param position ascending order in the portal; default 0
     */
    @Schema(name = "PutGuide")
    public record Put(@NotBlank @Size(max = 200) String title,
                      @NotNull @Size(max = MAX_MARKDOWN) String markdown,
                      @Min(0) @Max(10_000) Integer position) {
    }
}
