package io.gatehouse.management.branding;

import java.util.List;

/**
 * The portal's branding as the portal reads it ({@code GET /developer/v1/portal/branding}). Null name or colour: the
 * portal's default. The logo and the stylesheet are fetched on their own, and only when {@code version} changed.
 *
 * @param logo       whether {@code GET /developer/v1/portal/branding/logo} has a logo
 * @param stylesheet whether {@code GET /developer/v1/portal/branding/stylesheet} has a stylesheet
 * @param version    raised by every change; 0 when nothing was ever set
 */
public record DeveloperBranding(String portalName, String primaryColour, List<BrandingRequests.FooterLink> footerLinks,
                                boolean logo, boolean stylesheet, long version) {
}
