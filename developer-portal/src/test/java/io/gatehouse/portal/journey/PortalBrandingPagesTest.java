package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 item 5: the branding an admin sets in management shows on the portal's pages without a restart, within
 * the portal's refresh bound ({@code gatehouse.portal.branding.refresh-after}), through files only, so the CSP is the
 * same and no page carries an inline style. Against the real management service.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class PortalBrandingPagesTest {

    /** The portal's CSP as configured; branding must not need a change to it. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Beyond the refresh bound: one read of management's branding over loopback and one page. */
    private static final Duration READ_ALLOWANCE = Duration.ofSeconds(2);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final Pattern TAG = Pattern.compile("/branding/theme\\.css\\?v=([0-9a-f-]+)\"");

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void back_to_the_defaults() {
        admin().body(Map.of()).put("/admin/v1/portal/branding").then().statusCode(200);
        admin().delete("/admin/v1/portal/branding/logo").then().statusCode(204);
        awaitPage(html -> html.contains("Gatehouse <span>developers</span>"), "the default look");
    }

    @Test
    void with_nothing_set_the_portal_looks_as_before_through_its_theme_file() {
        Response page = given().get(url("/login"));
        String html = page.then().statusCode(200).extract().asString();
        assertTrue(html.contains("<a class=\"brand\" href=\"/\">Gatehouse <span>developers</span></a>"), html);
        assertTrue(html.contains("<title>Log in · Gatehouse</title>"), html);
        assertTrue(html.contains("<footer>Powered by Gatehouse</footer>"), html);
        assertFalse(html.contains("/branding/custom.css") || html.contains("/branding/logo"), html);
        assertEquals(CSP, page.header("Content-Security-Policy"));
        given().get(url("/branding/theme.css?v=" + tag(html))).then().statusCode(200)
                .contentType("text/css;charset=UTF-8")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .body(org.hamcrest.Matchers.equalTo(":root { --primary: #2457d6; }\n"));
        given().get(url("/branding/logo")).then().statusCode(404);
        given().get(url("/branding/custom.css")).then().statusCode(404);
    }

    @Test
    void a_change_in_management_shows_without_a_restart_within_the_refresh_bound_and_the_csp_is_unchanged() {
        Duration bound = ConfigProvider.getConfig().getValue("gatehouse.portal.branding.refresh-after", Duration.class);
        given().get(url("/login")).then().statusCode(200); // the portal holds the defaults now

        admin().body(Map.of("portalName", "<script>alert(1)</script> & Co", "primaryColour", "#0A7F3F",
                        "footerLinks", List.of(Map.of("label", "Status <b>page</b>", "url", "https://status.acme.example/?a=1&b=2"),
                                Map.of("label", "Terms", "url", "/terms")),
                        "stylesheet", ".brand { letter-spacing: .05em; }"))
                .put("/admin/v1/portal/branding").then().statusCode(200);
        Instant changed = Instant.now(); // the last of the two changes
        admin().contentType("image/png").body(PNG).put("/admin/v1/portal/branding/logo").then().statusCode(200);
        String html = awaitPage(h -> h.contains("/branding/logo?v="), "the new branding");
        Duration took = Duration.between(changed, Instant.now());
        assertTrue(took.compareTo(bound.plus(READ_ALLOWANCE)) <= 0,
                "the change took " + took + ", more than the refresh bound " + bound + " and " + READ_ALLOWANCE);

        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</a>"), html);
        assertFalse(html.contains("<script>alert(1)</script>"), html);
        assertTrue(html.contains("<title>Log in · &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</title>"), html);
        assertTrue(html.contains("<a href=\"https://status.acme.example/?a=1&amp;b=2\">Status &lt;b&gt;page&lt;/b&gt;</a>"), html);
        assertTrue(html.contains("<a href=\"/terms\">Terms</a>"), html);
        assertFalse(html.contains("style=") || html.contains("<style"), "an inline style: " + html);

        String tag = tag(html);
        assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/branding/custom.css?v=" + tag + "\">"), html);
        assertTrue(html.contains("<img class=\"brand-logo\" src=\"/branding/logo?v=" + tag + "\" alt=\"\">"), html);
        Response page = given().get(url("/login"));
        assertEquals(CSP, page.header("Content-Security-Policy"));

        given().get(url("/branding/theme.css?v=" + tag)).then().statusCode(200)
                .contentType("text/css;charset=UTF-8")
                .header("Content-Security-Policy", CSP)
                .body(org.hamcrest.Matchers.equalTo(":root { --primary: #0a7f3f; }\n"));
        given().get(url("/branding/custom.css?v=" + tag)).then().statusCode(200)
                .contentType("text/css;charset=UTF-8")
                .body(org.hamcrest.Matchers.equalTo(".brand { letter-spacing: .05em; }"));
        byte[] logo = given().get(url("/branding/logo?v=" + tag)).then().statusCode(200)
                .contentType("image/png")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .extract().asByteArray();
        assertArrayEquals(PNG, logo);
        given().get(url("/branding/logo?v=an-old-one")).then().statusCode(200).header("Cache-Control", "no-cache");
        given().get(url("/portal.css")).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("background: var(--primary)"));
    }

    @Test
    void a_colour_or_footer_link_that_could_break_out_is_refused_by_management_and_the_portal_keeps_its_look() {
        admin().body(Map.of("primaryColour", "red;}</style><script>alert(1)</script>")).put("/admin/v1/portal/branding")
                .then().statusCode(400).body("type", org.hamcrest.Matchers.equalTo("urn:gatehouse:problem:validation-failed"));
        admin().body(Map.of("footerLinks", List.of(Map.of("label", "x", "url", "javascript:alert(1)"))))
                .put("/admin/v1/portal/branding").then().statusCode(400);
        String html = given().get(url("/login")).then().statusCode(200).extract().asString();
        assertFalse(html.contains("javascript:"), html);
        given().get(url("/branding/theme.css")).then().body(org.hamcrest.Matchers.equalTo(":root { --primary: #2457d6; }\n"));
    }

    @Test
    void in_chromium_the_brand_colour_reaches_the_buttons_and_the_logo_loads_under_the_csp() throws Exception {
        WebDriver chrome = Chromium.start("gatehouse-chromium-branding", Duration.ofSeconds(60), options -> {
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
        });
        try {
            admin().body(Map.of("portalName", "Acme", "primaryColour", "#0a7f3f", "stylesheet", ".brand { text-transform: uppercase; }"))
                    .put("/admin/v1/portal/branding").then().statusCode(200);
            admin().contentType("image/png").body(java.util.Base64.getDecoder().decode(
                            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
                    .put("/admin/v1/portal/branding/logo").then().statusCode(200);
            awaitPage(h -> h.contains("/branding/logo?v="), "the new branding");

            chrome.get(url("/login"));
            JavascriptExecutor js = (JavascriptExecutor) chrome;
            String button = (String) js.executeScript(
                    "return getComputedStyle(document.querySelector('.form button, button')).backgroundColor;");
            assertEquals("rgb(10, 127, 63)", button);
            assertEquals("uppercase", js.executeScript("return getComputedStyle(document.querySelector('.brand')).textTransform;"));
            Number logoWidth = (Number) js.executeScript("return document.querySelector('.brand-logo').naturalWidth;");
            assertEquals(1, logoWidth.intValue(), "the logo loaded");
            assertTrue(chrome.findElement(By.className("brand")).getText().contains("ACME"));
            List<LogEntry> errors = chrome.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .filter(e -> !e.getMessage().contains("favicon.ico"))
                    .toList();
            assertTrue(errors.isEmpty(), "browser errors (e.g. a CSP violation): " + errors);
        } finally {
            chrome.quit();
        }
    }

    /** Polls the login page until it shows what is awaited; a generous deadline, the bound is asserted by the caller. */
    private String awaitPage(Predicate<String> shows, String what) {
        Duration bound = ConfigProvider.getConfig().getValue("gatehouse.portal.branding.refresh-after", Duration.class);
        Instant deadline = Instant.now().plus(bound.plus(READ_ALLOWANCE).multipliedBy(5));
        String html = null;
        while (Instant.now().isBefore(deadline)) {
            html = given().get(url("/login")).then().statusCode(200).extract().asString();
            if (shows.test(html)) {
                return html;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the portal did not show " + what + "; last page:\n" + html);
    }

    private static String tag(String html) {
        Matcher m = TAG.matcher(html);
        assertTrue(m.find(), "no theme stylesheet link in\n" + html);
        return m.group(1);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().baseUri(RealManagement.url).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + RealManagement.ADMIN_TOKEN);
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }
}
