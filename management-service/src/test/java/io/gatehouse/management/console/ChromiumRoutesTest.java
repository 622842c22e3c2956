package io.gatehouse.management.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.unique;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The routes table of an API with many long routes, in headless Chromium 390 px wide: the table scrolls inside its
 * own box and the page does not overflow sideways. Screenshots land in {@code target/console-screenshots}.
 */
@QuarkusTest
class ChromiumRoutesTest {

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
    void the_routes_table_stays_usable_at_390_px_without_page_overflow() throws Exception {
        String prefix = "/" + unique("narrow-routes-with-a-long-prefix");
        String api = ConsoleRoutesTest.newApi("someone-else", prefix);
        admin().body(Map.of("pathPrefix", prefix + "/orders/archive/by-customer", "host", "api.a-rather-long-host-name.example.com",
                        "methods", List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"),
                        "headers", List.of(Map.of("name", "X-A-Very-Long-Header-Name-For-Routing", "value", "some-long-value-0123456789")),
                        "rewrite", Map.of("pattern", "/orders/(\\d+)/items/(\\d+)/lines", "replacement", "/v2/orders/$1/items/$2/lines")))
                .post("/admin/v1/apis/" + api + "/routes").then().statusCode(201);

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(new URL(base, "console/apis/" + api).toString());
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("routes-table")));
        screenshot("routes-390");

        JavascriptExecutor js = (JavascriptExecutor) browser;
        long pageWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth;")).longValue();
        long viewport = ((Number) js.executeScript("return document.documentElement.clientWidth;")).longValue();
        assertTrue(pageWidth <= viewport, "the page is " + pageWidth + " px wide in a " + viewport + " px viewport; too wide: "
                + js.executeScript("return Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                + ".slice(0, 8).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).join(', ');"));
        long boxWidth = ((Number) js.executeScript(
                "return document.querySelector('.table-scroll').clientWidth;")).longValue();
        long tableWidth = ((Number) js.executeScript(
                "return document.getElementById('routes-table').scrollWidth;")).longValue();
        assertTrue(boxWidth <= viewport, "the scroll box fits the viewport");
        assertTrue(tableWidth > boxWidth, "the table is wider than its box and scrolls inside it: " + tableWidth + " vs " + boxWidth);
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "console-screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
