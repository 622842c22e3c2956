package io.gatehouse.portal.branding;

import java.util.List;

/**
 * Management's {@code GET /developer/v1/portal/branding}: null name or colour means the portal's default; the logo and
 * stylesheet are fetched on their own, and only when {@code version} changed.
 */
public record BrandingSettings(String portalName, String primaryColour, List<FooterLink> footerLinks, boolean logo,
                               boolean stylesheet, long version) {

    /** A footer link as management validated it. */
    public record FooterLink(String label, String url) {
    }
}
