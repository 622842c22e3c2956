package io.gatehouse.management.console;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console walked in real headless Chromium (Debian's {@code chromium} and
 * {@code chromedriver}), signed in through the test identity provider's code flow. Skipped where
 * no Chromium is installed. Screenshots land in {@code target/console-screenshots}.
 */
@QuarkusTest
class ChromiumConsoleTest {

    @TestHTTPResource("/")
    URL base;

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void startChromium() throws Exception {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assumeTrue(chromium.canExecute() && driver.canExecute(), "Debian chromium and chromedriver are not installed");
        profile = Files.createTempDirectory("gatehouse-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void an_admin_walks_the_console_from_import_to_suspension_in_chromium() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String app = create("/admin/v1/applications", Map.of("organizationId", w.orgId(), "name", unique("Portal app")));
        String gatedApi = create("/admin/v1/apis", Map.of("name", unique("Gated"), "routePath", "/" + unique("g"),
                "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published"));
        String gatedPlan = create("/admin/v1/plans", Map.of("apiId", gatedApi, "name", "Approval", "approvalRequired", true));
        String pending = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", gatedPlan, "status", "pending"));

        browser.get(url("console/apis/import"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("login")).click();
        await(By.id("import-form"));
        assertEquals("/console/apis/import", new URL(browser.getCurrentUrl()).getPath());

        String title = unique("Chromium Orders");
        String segment = unique("orders");
        browser.findElement(By.id("document")).sendKeys("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + title
                + "\",\"version\":\"1.0\"},\"servers\":[{\"url\":\"http://127.0.0.1:9/" + segment + "\"}],\"paths\":{}}");
        browser.findElement(By.id("import")).click();
        assertTrue(await(By.id("api-name")).getText().contains(title));
        screenshot("api-imported");

        new Select(browser.findElement(By.id("lifecycle-target"))).selectByValue("published");
        browser.findElement(By.id("change-lifecycle")).click();
        await(By.cssSelector("#lifecycle.published"));

        browser.findElement(By.id("new-plan")).click();
        await(By.id("plan-form")).findElement(By.id("name")).sendKeys("Chromium plan");
        browser.findElement(By.id("rateMinute")).sendKeys("120");
        browser.findElement(By.id("create-plan")).click();
        assertTrue(await(By.id("plan-facts")).getText().contains("120 per minute"));

        browser.get(url("console/partners"));
        WebElement approve = await(By.cssSelector("#pending-" + pending + " button.approve"));
        // The suspend button is on the page before the approval too: wait for the page the POST answers.
        clickAndWait(approve);
        await(By.cssSelector("#org-" + w.orgId() + " button.suspend"));
        admin().get("/admin/v1/subscriptions/" + pending).then().body("status", equalTo("active"));
        // Suspending asks first (data-confirm and confirm.js): dismissing leaves the organization active...
        browser.findElement(By.cssSelector("#org-" + w.orgId() + " button.suspend")).click();
        Alert question = new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        assertTrue(question.getText().startsWith("Suspend "), question.getText());
        question.dismiss();
        admin().get("/admin/v1/organizations/" + w.orgId()).then().body("status", equalTo("active"));
        // ...and accepting sends the form.
        browser.findElement(By.cssSelector("#org-" + w.orgId() + " button.suspend")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        assertTrue(await(By.cssSelector("#org-" + w.orgId() + " button.reinstate")) != null);
        assertTrue(browser.findElement(By.id("org-" + w.orgId())).getText().contains("suspended"));
        screenshot("partners");

        browser.get(url("console/audit?entityId=" + w.orgId()));
        String entries = await(By.id("entries")).getText();
        assertTrue(entries.contains("organization.updated") && entries.contains("123456"), entries);
        screenshot("audit");
    }

    /**
     * Every page the partner work added (and the lists it paginates), and the products pages, at a phone's 390 px: none
     * scrolls sideways (tables scroll inside their wrapper), none answers a 5xx, and the browser logs no console error.
     */
    @Test
    void the_partner_pages_fit_a_390_px_screen_without_horizontal_overflow() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String key = admin().body(Map.of("name", "phone")).post("/admin/v1/applications/" + w.appId() + "/keys")
                .then().statusCode(201).extract().path("details.id");
        String product = admin().get("/admin/v1/plans/" + w.planId()).then().extract().path("productId");
        String empty = create("/admin/v1/products", Map.of("name", unique("Phone product")));
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", false));
        browser.get(url("console"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("login")).click();
        await(By.id("overview"));
        int width = ((Number) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;")).intValue();
        assertEquals(390, width, "the viewport is phone-sized");
        List<String> pages = List.of("console", "console/partners", "console/partners/" + w.orgId(),
                "console/applications", "console/subscriptions", "console/subscriptions?status=pending",
                "console/keys", "console/audit", "console/plans/new?apiId=" + w.apiId(), "console/products",
                "console/products/" + product, "console/products/" + product + "/apis/" + w.apiId(),
                "console/products/" + product + "/apis/" + w.apiId() + "/remove", "console/products/" + product + "/edit",
                "console/products/" + product + "/delete", "console/products/" + empty + "/delete");
        for (String page : pages) {
            browser.get(url(page));
            await(By.cssSelector("main h1"));
            String title = browser.getTitle();
            assertFalse(title.contains("Something failed"), page + ": " + title);
            long overflow = ((Number) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).longValue();
            assertEquals(0, overflow, page + " scrolls sideways by " + overflow + " px at 390 px");
            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .filter(e -> !e.getMessage().contains("favicon.ico")).toList();
            assertTrue(errors.isEmpty(), page + ": " + errors);
            screenshot("390-" + page.replaceAll("\\?.*", "").replaceAll("[^a-z]+", "-"));
        }
        // The key rotation shows the new key once, on a page that fits too; the reload is 410.
        browser.get(url("console/partners/" + w.orgId()));
        clickAndWait(await(By.cssSelector("#key-" + key + " button.rotate")));
        assertTrue(await(By.id("new-key")).getText().startsWith("gh_"));
        long overflow = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).longValue();
        assertEquals(0, overflow, "the new key's page scrolls sideways at 390 px");
        screenshot("new-key-390");
        browser.navigate().refresh();
        assertTrue(await(By.id("gone")).isDisplayed());
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("no longer shown"));
    }

    /** The element, once the page that has it is there; otherwise a failure showing the page that is. */
    private WebElement await(By what) {
        try {
            // While Chromium swaps documents a lookup can fail in ways other than "not found"; those mean "not yet".
            return new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(WebDriverException.class)
                    .until(ExpectedConditions.presenceOfElementLocated(what));
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " on " + browser.getCurrentUrl() + ":\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    /**
     * Clicks and waits until a completely loaded new document is there: the old one carries a script mark
     * the new one lacks. WebDriver errors while the documents are swapped only mean "not yet".
     */
    private void clickAndWait(WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.__gatehouseOldPage = true;");
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(WebDriverException.class)
                .until(b -> Boolean.TRUE.equals(js.executeScript(
                        "return document.readyState === 'complete' && window.__gatehouseOldPage === undefined;")));
    }

    private String url(String path) throws Exception {
        return new URL(base, path).toString();
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "console-screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
