package io.gatehouse.management.branding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Request bodies of the branding routes. */
public final class BrandingRequests {

    /** Longest portal name, in characters. */
    public static final int MAX_NAME = 80;
    /** Most footer links. */
    public static final int MAX_LINKS = 10;
    /** Longest footer link label, in characters. */
    public static final int MAX_LABEL = 60;
    /** Longest footer link URL, in characters. */
    public static final int MAX_URL = 2000;
    /** Largest stylesheet, in UTF-8 bytes (64 KiB); checked by {@link BrandingService}, as characters are not bytes. */
    public static final int MAX_STYLESHEET_BYTES = 64 * 1024;
    /** A colour as {@code #rrggbb}; upper-case digits are accepted and stored lower case. */
    public static final String COLOUR = "#[0-9a-fA-F]{6}";

    private BrandingRequests() {
    }

    /**
     * {@code PUT /admin/v1/portal/branding}: every setting but the logo; it replaces what was set.
     *
     * @param portalName    the name in the portal's header and title; null: the portal's default
     * @param primaryColour {@code #rrggbb}; null: the portal's default
     * @param footerLinks   links in the portal's footer, in this order; null: none
     * @param stylesheet    CSS the portal serves after its own stylesheet; null or blank: none
     */
    @Schema(name = "PutPortalBranding")
    public record Put(@Size(min = 1, max = MAX_NAME) String portalName,
                      @Pattern(regexp = COLOUR, message = "must be a colour like #2457d6") String primaryColour,
                      @Size(max = MAX_LINKS) List<@Valid @NotNull FooterLink> footerLinks,
                      String stylesheet) {
    }

    /**
     * One footer link.
     *
     * @param label the link's text
     * @param url   an absolute {@code https}/{@code http} URL, or a path on the portal starting with one {@code /}
     */
    @Schema(name = "PortalFooterLink")
    public record FooterLink(@NotBlank @Size(max = MAX_LABEL) String label,
                             @NotBlank @Size(max = MAX_URL) String url) {
    }
}
