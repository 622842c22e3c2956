package io.gatehouse.management.console;

import io.gatehouse.management.branding.BrandingRequests;
import io.gatehouse.management.branding.BrandingService;
import io.gatehouse.management.branding.BrandingView;
import io.gatehouse.management.branding.LogoImage;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import io.gatehouse.management.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static io.gatehouse.management.console.ConsoleForms.text;

/**
 * The developer portal's branding: name, colour, footer links and stylesheet in one form, the logo in another
 * (multipart upload), each through the same request record and service as the admin API. Platform admins only.
 */
@Path("/console/portal")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class BrandingPages {

    @CheckedTemplate(basePath = "console/portal")
    static class Templates {
        static native TemplateInstance branding(ConsoleUser user, BrandingView branding, String footerLinks);
    }

    private final BrandingService branding;
    private final ConsoleForms forms;
    private final SecurityIdentity identity;

    public BrandingPages(BrandingService branding, ConsoleForms forms, SecurityIdentity identity) {
        this.branding = branding;
        this.forms = forms;
        this.identity = identity;
    }

    @GET
    public TemplateInstance page() {
        BrandingView current = branding.get();
        StringBuilder links = new StringBuilder();
        for (BrandingRequests.FooterLink link : current.footerLinks()) {
            links.append(link.label()).append(" | ").append(link.url()).append('\n');
        }
        return Templates.branding(ConsoleUser.of(identity), current, links.toString());
    }

    /** The settings form; footer links are one a line, {@code Label | URL}. Blank fields take the portal's defaults. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm String portalName, @RestForm String primaryColour, @RestForm String footerLinks,
                         @RestForm String stylesheet) {
        branding.put(forms.valid(new BrandingRequests.Put(text(portalName), text(primaryColour), links(footerLinks),
                text(stylesheet) == null ? null : stylesheet)));
        return back();
    }

    /** The logo upload form (multipart); the type is sniffed from the bytes as on the admin API. */
    @POST
    @Path("/logo")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadLogo(@RestForm FileUpload logo) {
        if (logo == null || logo.size() == 0) {
            throw ApiProblem.invalidField("logo", "choose a PNG, JPEG or WebP file");
        }
        if (logo.size() > LogoImage.MAX_BYTES) {
            throw new ApiProblem(ProblemType.LOGO_TOO_LARGE,
                    "The file has " + logo.size() + " bytes; a logo may have at most 256 KiB");
        }
        try (InputStream in = Files.newInputStream(logo.uploadedFile())) {
            branding.putLogo(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return back();
    }

    @POST
    @Path("/logo/delete")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response deleteLogo() {
        branding.deleteLogo();
        return back();
    }

    /** The logo for the page's preview (the admin API's logo route takes bearer tokens only). */
    @GET
    @Path("/logo")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.TEXT_HTML})
    public Response logo() {
        LogoImage logo = branding.logo();
        if (logo == null) {
            throw new ApiProblem(ProblemType.NOT_FOUND, "No portal logo is set");
        }
        return Response.ok(logo.bytes(), logo.contentType()).header("Cache-Control", "no-store").build();
    }

    /** {@code Label | URL} lines into links; blank lines are skipped, a line without {@code |} is the field's 400. */
    static List<BrandingRequests.FooterLink> links(String lines) {
        List<BrandingRequests.FooterLink> links = new ArrayList<>();
        if (lines == null) {
            return links;
        }
        int n = 0;
        for (String line : lines.split("\r?\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int bar = line.lastIndexOf('|');
            if (bar < 0) {
                throw ApiProblem.invalidField("footerLinks", "line " + n + " is not 'Label | URL'");
            }
            links.add(new BrandingRequests.FooterLink(line.substring(0, bar).strip(), line.substring(bar + 1).strip()));
        }
        return links;
    }

    private static Response back() {
        return Response.seeOther(URI.create("/console/portal")).build();
    }
}
