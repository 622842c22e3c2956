package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.PASSWORD;
import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partner journey in real headless Chromium (Debian's chromium and chromedriver), against the
 * real management service. Skipped where no chromium is installed
 * ({@code apt-get install -y chromium chromium-driver}).
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class ChromiumJourneyTest {

    @TestHTTPResource("/")
    URL root;

    private WebDriver chrome;

    @BeforeEach
    void startChromium() throws Exception {
        chrome = Chromium.start("gatehouse-chromium", Duration.ofSeconds(30), options -> { });
    }

    @AfterEach
    void stopChromium() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    @Test
    void a_partner_signs_up_gets_a_key_rotates_and_revokes_it_in_chromium() throws Exception {
        String plan = publishedPlan();
        String email = "chromium-" + Long.toString(System.nanoTime(), 36) + "@example.com";

        open("/");
        assertTrue(text().contains("API catalog"));

        open("/signup");
        type("name", "Grace Hopper");
        type("email", email);
        type("company", "Compilers " + email);
        type("password", PASSWORD);
        submit("/signup");
        assertTrue(text().contains("Check your mail"), text());

        String link = RealManagement.lastLinkTo(email);
        open(link.substring(link.indexOf("/verify?")));
        submit("/verify");
        assertTrue(text().contains("Email verified"), text());

        open("/login");
        type("email", email);
        type("password", PASSWORD);
        submit("/login");
        assertTrue(chrome.getCurrentUrl().endsWith("/dashboard"), chrome.getCurrentUrl());
        assertTrue(text().contains("Hello, Grace Hopper"));

        open("/applications/new");
        type("name", "Flight deck");
        submit("/applications");
        String appPath = new URL(chrome.getCurrentUrl()).getPath();

        chrome.findElement(By.xpath("//label[contains(., '" + plan + "')]/input")).click();
        submit(appPath + "/subscriptions");
        assertTrue(text().contains(plan) && text().contains("active"), text());

        submit(appPath + "/keys");
        WebElement key = chrome.findElement(By.id("new-key"));
        String first = key.getDomAttribute("value");
        assertTrue(first.startsWith("gh_"));
        WebElement copy = chrome.findElement(By.cssSelector("button[data-copy]"));
        assertTrue(copy.isDisplayed(), "the copy button appears where JavaScript runs (script from /copy.js, CSP allows it)");
        screenshot("new-key");

        open(appPath);
        clickAndWait(chrome.findElement(By.cssSelector("form[action$='/rotate'] button")));
        String second = chrome.findElement(By.id("new-key")).getDomAttribute("value");
        assertFalse(second.equals(first));
        assertTrue(text().contains("keeps working until"));

        open(appPath);
        List<WebElement> revokes = chrome.findElements(By.cssSelector("a[href$='/revoke']"));
        assertEquals(2, revokes.size());
        clickAndWait(revokes.get(0));
        assertTrue(text().contains("This cannot be undone"), text());
        screenshot("confirm-revoke");
        clickAndWait(chrome.findElement(By.cssSelector("form[action$='/revoke'] button")));
        assertEquals(1, chrome.findElements(By.cssSelector("a[href$='/revoke']")).size());
        assertTrue(text().contains("revoked"));
        screenshot("after-revoke");

        // The organization's money: nothing invoiced yet, and the month's estimate says how it starts.
        clickAndWait(chrome.findElement(By.cssSelector("nav a[href='/invoices']")));
        assertTrue(text().contains("No invoices yet."), text());
        assertTrue(text().contains("Estimated charges for"), text());
        screenshot("invoices");

        open("/logout");
        submit("/logout");
        assertTrue(text().contains("You are logged out."));
    }

    private void open(String path) {
        chrome.get(url(root, path));
    }

    private void type(String name, String value) {
        WebElement field = chrome.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    private void submit(String action) {
        clickAndWait(chrome.findElement(By.cssSelector("form[action='" + action + "'] button[type='submit']")));
    }

    /**
     * Clicks and waits until the browser has loaded the page the click led to (a form post answers with a
     * new page). The old document is marked with a script variable; the wait ends once a completely loaded
     * document without the mark is there. While Chromium swaps documents, a WebDriver call may fail in
     * several ways (a stale element, "node does not belong to the document", a script run during unload);
     * those are expected mid-navigation and only mean "not yet".
     */
    private void clickAndWait(WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) chrome;
        js.executeScript("window.__gatehouseOldPage = true;");
        element.click();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Object fresh = js.executeScript(
                        "return document.readyState === 'complete' && window.__gatehouseOldPage === undefined;");
                if (Boolean.TRUE.equals(fresh)) {
                    return;
                }
            } catch (WebDriverException midNavigation) {
                // the documents are being swapped; ask again
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the page did not change after the click; still on " + chrome.getCurrentUrl());
    }

    private String text() {
        return chrome.findElement(By.tagName("body")).getText();
    }

    private void screenshot(String name) throws Exception {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        File png = ((TakesScreenshot) chrome).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String publishedPlan() {
        String route = "/" + "chromium-" + Long.toString(System.nanoTime(), 36);
        String api = admin()
                .body(Map.of("name", "Radar " + route, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        String name = "Basic " + route;
        admin()
                .body(Map.of("apiId", api, "name", name,
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 10, "timeUnit", "second"))))
                .post("/admin/v1/plans").then().statusCode(201);
        return name;
    }
}
