package io.gatehouse.management.branding;

import java.time.Instant;
import java.util.List;

/**
 * The portal's branding as the admin API shows it (and the audit log records it). Null name or colour: the portal's
 * default. {@code version} 0 and {@code updatedAt} null: nothing was ever set.
 *
 * @param logo the logo's type and size, or null when there is none (its bytes: {@code GET …/branding/logo})
 */
public record BrandingView(String portalName, String primaryColour, List<BrandingRequests.FooterLink> footerLinks,
                           String stylesheet, Logo logo, long version, Instant updatedAt) {

    /** A logo without its bytes. */
    public record Logo(String contentType, int bytes) {
    }

    static final BrandingView DEFAULTS = new BrandingView(null, null, List.of(), null, null, 0, null);
}
