package io.gatehouse.management.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlFileInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlImage;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The portal branding page of the console, in HtmlUnit signed in as alice, a platform admin. */
@QuarkusTest
class ConsoleBrandingTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    @TestHTTPResource("/")
    URL base;

    @AfterEach
    void back_to_the_defaults() {
        admin().body(Map.of()).put("/admin/v1/portal/branding").then().statusCode(200);
        admin().delete("/admin/v1/portal/branding/logo").then().statusCode(204);
    }

    @Test
    void an_admin_sets_name_colour_links_and_stylesheet_uploads_a_logo_and_removes_it_under_the_consoles_csp() throws Exception {
        try (WebClient browser = ConsoleBrowser.open()) {
            HtmlPage page = ConsoleBrowser.signIn(browser, base, "console/portal");
            assertEquals("default-src 'self'; form-action 'self'; frame-ancestors 'none'",
                    page.getWebResponse().getResponseHeaderValue("Content-Security-Policy"));
            assertTrue(page.asXml().indexOf("style=") < 0, "no inline style on the page");
            assertTrue(page.getAnchorByText("Portal") != null);

            HtmlForm form = page.getHtmlElementById("branding-form");
            form.getInputByName("portalName").setValue("Acme developers");
            form.getInputByName("primaryColour").setValue("#0A7F3F");
            form.getTextAreaByName("footerLinks").setText("Status | https://status.acme.example\n\nTerms | /terms\n");
            form.getTextAreaByName("stylesheet").setText(".brand { letter-spacing: .05em; }");
            HtmlPage saved = ((HtmlButton) page.getHtmlElementById("save-branding")).click();
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertEquals("/console/portal", saved.getUrl().getPath());
            assertEquals("Acme developers", saved.<org.htmlunit.html.HtmlInput>getHtmlElementById("portalName").getValue());
            admin().get("/admin/v1/portal/branding").then().statusCode(200)
                    .body("portalName", equalTo("Acme developers"))
                    .body("primaryColour", equalTo("#0a7f3f"))
                    .body("footerLinks.label", contains("Status", "Terms"))
                    .body("footerLinks.url", contains("https://status.acme.example", "/terms"))
                    .body("stylesheet", equalTo(".brand { letter-spacing: .05em; }"));

            Path png = Files.createTempFile("logo", ".png");
            Files.write(png, PNG);
            HtmlFileInput file = saved.getHtmlElementById("logo-file");
            file.setFiles(png.toFile());
            file.setContentType("image/png");
            HtmlPage withLogo = ((HtmlButton) saved.getHtmlElementById("upload-logo")).click();
            assertEquals(200, withLogo.getWebResponse().getStatusCode(), withLogo.asNormalizedText());
            HtmlImage preview = withLogo.getHtmlElementById("logo-preview");
            Page image = browser.getPage(new URL(base, preview.getSrcAttribute()));
            assertEquals("image/png", image.getWebResponse().getContentType());
            admin().get("/admin/v1/portal/branding").then().body("logo.contentType", equalTo("image/png"));

            HtmlPage withoutLogo = ((HtmlButton) withLogo.getHtmlElementById("delete-logo")).click();
            assertEquals(200, withoutLogo.getWebResponse().getStatusCode());
            assertTrue(withoutLogo.getElementById("logo-preview") == null);
            admin().get("/admin/v1/portal/branding").then().body("logo", nullValue());
        }
    }

    @Test
    void an_svg_logo_and_a_script_link_are_refused_with_pages_in_words_and_change_nothing() throws Exception {
        try (WebClient browser = ConsoleBrowser.open()) {
            HtmlPage page = ConsoleBrowser.signIn(browser, base, "console/portal");
            Path svg = Files.createTempFile("logo", ".png");
            Files.writeString(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
                    StandardCharsets.UTF_8);
            HtmlFileInput file = page.getHtmlElementById("logo-file");
            file.setFiles(svg.toFile());
            file.setContentType("image/png");
            HtmlPage refused = ((HtmlButton) page.getHtmlElementById("upload-logo")).click();
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.getWebResponse().getContentType().startsWith("text/html"));
            assertTrue(refused.asNormalizedText().contains("not a PNG, JPEG or WebP image"), refused.asNormalizedText());

            page = browser.getPage(new URL(base, "console/portal"));
            HtmlForm form = page.getHtmlElementById("branding-form");
            form.getTextAreaByName("footerLinks").setText("Click me | javascript:alert(1)");
            HtmlPage badLink = ((HtmlButton) page.getHtmlElementById("save-branding")).click();
            assertEquals(400, badLink.getWebResponse().getStatusCode());
            assertTrue(badLink.asNormalizedText().contains("footerLinks[0].url"), badLink.asNormalizedText());
        }
        admin().get("/admin/v1/portal/branding").then().body("logo", nullValue()).body("footerLinks.size()", equalTo(0));
    }

    @Test
    @TestSecurity(user = "aud", roles = "auditor")
    void an_auditor_may_not_open_the_branding_page() {
        io.restassured.RestAssured.given().get("/console/portal").then().statusCode(403);
        admin().get("/admin/v1/portal/branding").then().body("portalName", nullValue());
    }
}
