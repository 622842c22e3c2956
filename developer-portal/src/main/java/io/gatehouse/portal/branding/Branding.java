package io.gatehouse.portal.branding;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The branding the portal shows, checked again on arrival: whatever management sends, only a {@code #rrggbb} colour
 * reaches the theme stylesheet, only http(s) URLs and site paths reach a footer link, and only PNG, JPEG or WebP is
 * served as the logo. Everything is rendered escaped by Qute and nothing is inlined, so the CSP stays as it is.
 *
 * @param name       the admin's portal name, or null for the default look ("Gatehouse developers")
 * @param colour     {@code #rrggbb}
 * @param logo       the logo's bytes, or null
 * @param stylesheet the admin's stylesheet, or null
 * @param version    management's branding version (0: nothing set), put in the asset URLs
 */
public record Branding(String name, String colour, List<Link> links, byte[] logo, String logoType, String stylesheet,
                       long version) {

    public static final String DEFAULT_COLOUR = "#2457d6";
    static final int MAX_NAME = 80;
    static final int MAX_LINKS = 10;
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-f]{6}");
    private static final Set<String> LOGO_TYPES = Set.of("image/png", "image/jpeg", "image/webp");

    /** Today's look: what the portal shows when nothing is set or management was never reached. */
    public static final Branding DEFAULTS = new Branding(null, DEFAULT_COLOUR, List.of(), null, null, null, 0);

    /** A footer link. */
    public record Link(String label, String url) {
    }

    /** The settings with the logo and stylesheet that go with them, each checked; what fails a check is left out. */
    static Branding of(BrandingSettings s, byte[] logo, String logoType, String stylesheet) {
        String name = s.portalName() == null || s.portalName().isBlank() ? null : s.portalName().strip();
        if (name != null && name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        String colour = s.primaryColour() == null ? null : s.primaryColour().toLowerCase(Locale.ROOT);
        List<Link> links = s.footerLinks() == null ? List.of() : s.footerLinks().stream()
                .filter(l -> l != null && l.label() != null && !l.label().isBlank() && l.url() != null && safeUrl(l.url()))
                .limit(MAX_LINKS)
                .map(l -> new Link(l.label().strip(), l.url()))
                .toList();
        boolean logoOk = logo != null && logo.length > 0 && logoType != null && LOGO_TYPES.contains(logoType);
        return new Branding(name, colour != null && COLOUR.matcher(colour).matches() ? colour : DEFAULT_COLOUR, links,
                logoOk ? logo : null, logoOk ? logoType : null, stylesheet, s.version());
    }

    /**
     * What the asset URLs carry as {@code ?v=}: the version and a hash of what the files hold, so a version number
     * that comes round again (a new management database) never names a file a browser kept.
     */
    public String tag() {
        return version + "-" + Integer.toHexString(java.util.Objects.hash(colour, java.util.Arrays.hashCode(logo), logoType,
                stylesheet));
    }

    /** {@code :root { --primary: #rrggbb; }}: the portal's own stylesheet takes its accent from this property. */
    public String themeCss() {
        return ":root { --primary: " + colour + "; }\n";
    }

    /**
     * Whether a footer link may carry {@code url}: an absolute http(s) URL with a host and no user info, or a path on
     * the portal ({@code /terms}, not {@code //host}). Management checks the same when the admin saves it.
     */
    static boolean safeUrl(String url) {
        if (url.isEmpty() || url.contains("\\") || url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (url.startsWith("/")) {
            return !url.startsWith("//") && uri.getScheme() == null && uri.getRawAuthority() == null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getRawUserInfo() == null;
    }
}
