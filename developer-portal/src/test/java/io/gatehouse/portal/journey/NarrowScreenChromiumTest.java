package io.gatehouse.portal.journey;

import io.gatehouse.portal.session.PortalSession;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.PASSWORD;
import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.url;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signed-in pages on a 390 px wide phone, in real headless Chromium against the real management
 * service: no page is wider than the screen (a wide table scrolls inside its own box), and every
 * Rotate and Revoke can still be reached and pressed. Skipped where no chromium is installed.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class NarrowScreenChromiumTest {

    private static final int PHONE_WIDTH = 390;

    @TestHTTPResource("/")
    URL root;

    private ChromeDriver chrome;

    @BeforeEach
    void startChromium() throws Exception {
        chrome = Chromium.start("gatehouse-narrow", Duration.ofSeconds(30), options -> { });
        // A phone: the page's own viewport meta tag decides the layout width, as on a real device.
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", PHONE_WIDTH, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    @AfterEach
    void stopChromium() {
        if (chrome != null) {
            chrome.quit();
        }
        RealManagement.billing.reset();
    }

    @Test
    void no_signed_in_page_is_wider_than_a_390_px_phone_and_rotate_and_revoke_stay_reachable() throws Exception {
        String apiPath = "/" + "narrow-" + Long.toString(System.nanoTime(), 36);
        String api = admin().body(Map.of("name", "Long-named weather forecasts " + apiPath, "lifecycle", "published",
                        "routePath", apiPath, "upstreamUrl", "http://127.0.0.1:9/base",
                        "description", "Forecasts for **every** place, by the hour: "
                                + "https://example.com/a/very/long/address/that/does/not/break/anywhere/on/its/own"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        String plan = admin().body(Map.of("apiId", api, "name", "Starter with a rather long plan name " + apiPath,
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"),
                                Map.of("kind", "quota", "maxRequests", 1_000_000, "timeUnit", "month"))))
                .post("/admin/v1/plans").then().statusCode(201).extract().path("id");
        String product = admin().body(Map.of("name", "A bundle of forecasts with a long name " + apiPath))
                .post("/admin/v1/products").then().statusCode(201).extract().path("id");
        admin().body(Map.of("methods", List.of("GET", "HEAD", "OPTIONS"))).put("/admin/v1/products/" + product + "/apis/" + api)
                .then().statusCode(200);
        admin().body(Map.of("name", "Bundle " + apiPath)).post("/admin/v1/products/" + product + "/plans")
                .then().statusCode(201);

        String email = "narrow-" + Long.toString(System.nanoTime(), 36) + "@example.com";
        developer(null).body(Map.of("name", "Katherine Johnson", "email", email, "company", "Orbits " + email,
                "password", PASSWORD)).post("/developer/v1/signup").then().statusCode(202);
        String link = RealManagement.lastLinkTo(email);
        developer(null).body(Map.of("token", link.substring(link.indexOf("token=") + "token=".length())))
                .post("/developer/v1/email-verifications").then().statusCode(200);
        String session = developer(null).body(Map.of("email", email, "password", PASSWORD))
                .post("/developer/v1/sessions").then().statusCode(201).extract().path("token");
        String app = developer(session).body(Map.of("name", "Mission control dashboard for the night shift",
                        "description", "Polls every forecast each minute."))
                .post("/developer/v1/applications").then().statusCode(201).extract().path("id");
        developer(session).body(Map.of("planId", plan)).post("/developer/v1/applications/" + app + "/subscriptions")
                .then().statusCode(201);
        developer(session).body(Map.of("name", "production servers in Frankfurt"))
                .post("/developer/v1/applications/" + app + "/keys").then().statusCode(201);
        developer(session).body(Map.of("name", "staging"))
                .post("/developer/v1/applications/" + app + "/keys").then().statusCode(201);

        // Money pages with billing's figures: the month's estimate (usage page, /invoices) and one invoice.
        String org = UsagePageTest.org(app);
        UsagePageTest.estimateAnswer(org, app, plan);
        String invoice = java.util.UUID.randomUUID().toString();
        String invoiceJson = "{\"id\":\"" + invoice + "\",\"organizationId\":\"" + org + "\",\"period\":\"2026-11\","
                + "\"currency\":\"EUR\",\"status\":\"issued\",\"subtotal\":\"1234567.8787\",\"total\":\"1234567.88\","
                + "\"checksum\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
                + "\"issuedAt\":\"2026-12-01T01:00:00Z\",\"lineCount\":1";
        RealManagement.billing.answer("/billing/v1/invoices", r -> io.gatehouse.testing.BillingStandIn.Answer.json(
                "{\"items\":[" + invoiceJson + "}]}"));
        RealManagement.billing.answer("/billing/v1/invoices/" + invoice, r -> io.gatehouse.testing.BillingStandIn.Answer.json(
                invoiceJson + ",\"lines\":[{\"lineNo\":1,\"kind\":\"tier\",\"description\":\"Starter with a rather long "
                        + "plan name: Overage requests above 1000000 (tier 2) at 1.333333 per 1000\",\"quantity\":925925909,"
                        + "\"unitPrice\":\"1.333333\",\"perUnits\":1000,\"amount\":\"1234567.8787\"}]}"));

        chrome.get(url(root, "/favicon.ico")); // a page of the portal's origin, to set its cookie on
        chrome.manage().addCookie(new Cookie(PortalSession.COOKIE, session, "/"));

        String appPath = "/applications/" + app;
        List<String> tooWide = new ArrayList<>();
        for (String page : List.of("/", "/dashboard", "/applications", "/applications/new", appPath,
                appPath + "/usage", "/organization", "/invoices", "/invoices/" + invoice, "/apis" + apiPath + "/v1",
                "/account/notifications", "/products", "/products/" + product)) {
            open(page);
            long scrollWidth = (Long) chrome.executeScript("return document.documentElement.scrollWidth;");
            if (scrollWidth > PHONE_WIDTH) {
                tooWide.add(page + " is " + scrollWidth + " px wide");
                screenshot("narrow-too-wide" + page.replaceAll("[^a-z0-9]+", "-"));
            }
        }
        assertEquals(List.of(), tooWide, "pages wider than a " + PHONE_WIDTH + " px phone");
        open(appPath + "/usage");
        assertTrue(text().contains("Estimated charges for 2026-12"), "the usage page shows the estimate: " + text());
        open("/invoices/" + invoice);
        assertTrue(text().contains("€1,234,567.88"), text());

        open(appPath);
        screenshot("narrow-application");
        List<WebElement> revokes = chrome.findElements(By.cssSelector("a[href$='/revoke']"));
        List<WebElement> rotates = chrome.findElements(By.cssSelector("form[action$='/rotate'] button"));
        assertEquals(2, revokes.size());
        assertEquals(2, rotates.size());
        for (WebElement control : concat(revokes, rotates)) {
            assertTrue(reachable(control), control.getText() + " cannot be reached at " + PHONE_WIDTH + " px");
        }
        revokes.get(0).click();
        assertTrue(text().contains("This cannot be undone"), text());
        long confirmWidth = (Long) chrome.executeScript("return document.documentElement.scrollWidth;");
        assertTrue(confirmWidth <= PHONE_WIDTH, "the confirmation page is " + confirmWidth + " px wide");
        assertTrue(reachable(chrome.findElement(By.cssSelector("form[action$='/revoke'] button"))));
        assertTrue(reachable(chrome.findElement(By.id("cancel"))));
    }

    /** Scrolled into view (inside its table's box if need be), the element is what a tap at its centre hits. */
    private boolean reachable(WebElement element) {
        return (Boolean) chrome.executeScript("""
                const e = arguments[0];
                e.scrollIntoView({block: 'center', inline: 'center'});
                const r = e.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (r.width === 0 || x < 0 || x > window.innerWidth || y < 0 || y > window.innerHeight) return false;
                const hit = document.elementFromPoint(x, y);
                return hit === e || e.contains(hit);""", element);
    }

    private static List<WebElement> concat(List<WebElement> a, List<WebElement> b) {
        List<WebElement> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void open(String path) {
        chrome.get(url(root, path));
        assertEquals("complete", chrome.executeScript("return document.readyState;"), path);
    }

    private String text() {
        return chrome.findElement(By.tagName("body")).getText();
    }

    private void screenshot(String name) throws Exception {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        File png = chrome.getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static RequestSpecification developer(String session) {
        RequestSpecification spec = given().baseUri(RealManagement.url).contentType(ContentType.JSON);
        return session == null ? spec : spec.header("Authorization", "Bearer " + session);
    }
}
