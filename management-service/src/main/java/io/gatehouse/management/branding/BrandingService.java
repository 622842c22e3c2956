package io.gatehouse.management.branding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.management.audit.AuditLog;
import io.gatehouse.management.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The developer portal's branding: one row, changed by platform admins, read by the portal. Every change is audited
 * (entity type {@code portal-branding}, id {@link #AUDIT_ID}) and raises the version the portal caches by. Branding
 * does not reach gateways, so it bumps no config version.
 */
@ApplicationScoped
public class BrandingService {

    /** The audit log's entity id for the one branding row. */
    public static final UUID AUDIT_ID = new UUID(0, 1);
    private static final TypeReference<List<BrandingRequests.FooterLink>> LINKS = new TypeReference<>() {
    };

    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    public BrandingService(AuditLog audit, ObjectMapper json, Clock clock) {
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public BrandingView get() {
        PortalBranding row = PortalBranding.findById(PortalBranding.ID);
        return row == null ? BrandingView.DEFAULTS : view(row);
    }

    @Transactional
    public DeveloperBranding forPortal() {
        PortalBranding row = PortalBranding.findById(PortalBranding.ID);
        if (row == null) {
            return new DeveloperBranding(null, null, List.of(), false, false, 0);
        }
        return new DeveloperBranding(row.portalName, row.primaryColour, links(row.footerLinks), row.logo != null,
                row.stylesheet != null, row.version);
    }

    /** The logo, or null when none is set. */
    @Transactional
    public LogoImage logo() {
        PortalBranding row = PortalBranding.findById(PortalBranding.ID);
        return row == null || row.logo == null ? null : new LogoImage(row.logo, row.logoContentType);
    }

    /** The stylesheet, or null when none is set. */
    @Transactional
    public String stylesheet() {
        PortalBranding row = PortalBranding.findById(PortalBranding.ID);
        return row == null ? null : row.stylesheet;
    }

    /** Replaces every setting but the logo; the request has passed bean validation. */
    @Transactional
    public BrandingView put(BrandingRequests.Put req) {
        String name = singleLine("portalName", req.portalName());
        String colour = req.primaryColour() == null ? null : req.primaryColour().toLowerCase(Locale.ROOT);
        List<BrandingRequests.FooterLink> links = new ArrayList<>();
        List<BrandingRequests.FooterLink> given = req.footerLinks() == null ? List.of() : req.footerLinks();
        for (int i = 0; i < given.size(); i++) {
            BrandingRequests.FooterLink link = given.get(i);
            String label = singleLine("footerLinks[" + i + "].label", link.label());
            String url = link.url().strip();
            String refusal = linkRefusal(url);
            if (refusal != null) {
                throw ApiProblem.invalidField("footerLinks[" + i + "].url", refusal);
            }
            links.add(new BrandingRequests.FooterLink(label, url));
        }
        String stylesheet = req.stylesheet() == null || req.stylesheet().isBlank() ? null : req.stylesheet();
        if (stylesheet != null && stylesheet.getBytes(StandardCharsets.UTF_8).length > BrandingRequests.MAX_STYLESHEET_BYTES) {
            throw ApiProblem.invalidField("stylesheet", "is larger than 64 KiB");
        }
        PortalBranding row = locked();
        BrandingView before = view(row);
        row.portalName = name;
        row.primaryColour = colour;
        row.footerLinks = write(links);
        row.stylesheet = stylesheet;
        return changed(row, "portal-branding.replaced", before);
    }

    /** Sets the logo; its type is sniffed from the bytes ({@link LogoImage#of}). */
    @Transactional
    public BrandingView putLogo(byte[] bytes) {
        LogoImage logo = LogoImage.of(bytes);
        PortalBranding row = locked();
        BrandingView before = view(row);
        row.logo = logo.bytes();
        row.logoContentType = logo.contentType();
        return changed(row, "portal-branding.logo-replaced", before);
    }

    /** Removes the logo; without one, nothing changes and nothing is audited. */
    @Transactional
    public BrandingView deleteLogo() {
        PortalBranding row = PortalBranding.findById(PortalBranding.ID, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || row.logo == null) {
            return row == null ? BrandingView.DEFAULTS : view(row);
        }
        BrandingView before = view(row);
        row.logo = null;
        row.logoContentType = null;
        return changed(row, "portal-branding.logo-deleted", before);
    }

    /**
     * Why {@code url} may not be a footer link, or null when it may: an absolute {@code http}/{@code https} URL with a
     * host and no user info, or a path on the portal ({@code /terms}; not {@code //host}, which leaves the site).
     * {@code javascript:}, {@code data:} and every other scheme are refused.
     */
    static String linkRefusal(String url) {
        String refusal = "must be an absolute https:// or http:// URL, or a path on the portal starting with /";
        if (url.isEmpty() || url.contains("\\") || url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return refusal;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return refusal;
        }
        if (url.startsWith("/")) {
            return url.startsWith("//") || uri.getScheme() != null || uri.getRawAuthority() != null ? refusal : null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return refusal;
        }
        return null;
    }

    private static String singleLine(String field, String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw ApiProblem.invalidField(field, "must not be blank");
        }
        if (stripped.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\t')) {
            throw ApiProblem.invalidField(field, "must be one line");
        }
        return stripped;
    }

    /** The row, created with the defaults if there was none, locked so concurrent changes raise the version in turn. */
    private static PortalBranding locked() {
        PortalBranding.getEntityManager().createNativeQuery("INSERT INTO portal_branding (id, version, updated_at) "
                + "VALUES (1, 1, now()) ON CONFLICT (id) DO NOTHING").executeUpdate();
        return PortalBranding.findById(PortalBranding.ID, LockModeType.PESSIMISTIC_WRITE);
    }

    private BrandingView changed(PortalBranding row, String action, BrandingView before) {
        row.version = row.version + 1;
        row.updatedAt = clock.instant();
        row.persist();
        BrandingView after = view(row);
        audit.record(action, "portal-branding", AUDIT_ID, before, after);
        return after;
    }

    private BrandingView view(PortalBranding row) {
        return new BrandingView(row.portalName, row.primaryColour, links(row.footerLinks), row.stylesheet,
                row.logo == null ? null : new BrandingView.Logo(row.logoContentType, row.logo.length), row.version,
                row.updatedAt);
    }

    private List<BrandingRequests.FooterLink> links(String stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            return json.readValue(stored, LINKS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("portal_branding.footer_links is not a list of links", e);
        }
    }

    private String write(List<BrandingRequests.FooterLink> links) {
        try {
            return json.writeValueAsString(links);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("footer links cannot be written as JSON", e);
        }
    }
}
