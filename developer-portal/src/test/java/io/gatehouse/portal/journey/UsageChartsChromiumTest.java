package io.gatehouse.portal.journey;

import io.gatehouse.portal.session.PortalSession;
import io.gatehouse.testing.BillingStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static io.gatehouse.portal.journey.Portal.PASSWORD;
import static io.gatehouse.portal.journey.Portal.url;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usage page in real headless Chromium: the chart library from the portal's webjar and the static script
 * draw both charts from the page's data block under the portal's CSP (no inline script), without a console error.
 * The partner's session cookie is set directly (the sign-in pages are ChromiumJourneyTest's business), so the
 * test navigates by URL only and waits for the page to say its charts are drawn.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class UsageChartsChromiumTest {

    @TestHTTPResource("/")
    URL root;

    private WebDriver chrome;

    @BeforeEach
    void startChromium() throws Exception {
        chrome = Chromium.start("gatehouse-chromium-usage", Duration.ofSeconds(60), options -> {
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
        });
        RealManagement.billing.up();
        RealManagement.billing.reset();
    }

    @AfterEach
    void stopChromium() {
        if (chrome != null) {
            chrome.quit();
        }
        RealManagement.billing.reset();
    }

    @Test
    void the_usage_charts_are_drawn_by_the_served_chart_library_under_the_csp() {
        String email = "charts-" + Long.toString(System.nanoTime(), 36) + "@example.com";
        given().baseUri(RealManagement.url).contentType(ContentType.JSON)
                .body(Map.of("name", "Ada Lovelace", "email", email, "company", "Charts " + email, "password", PASSWORD))
                .post("/developer/v1/signup").then().statusCode(202);
        String session = given().baseUri(RealManagement.url).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .post("/developer/v1/sessions").then().statusCode(201).extract().path("token");
        String app = given().baseUri(RealManagement.url).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + session).body(Map.of("name", "Charted"))
                .post("/developer/v1/applications").then().statusCode(201).extract().path("id");
        RealManagement.billing.answer("/billing/v1/usage/timeseries", r -> BillingStandIn.Answer.json("""
                {"granularity":"%s","from":"2026-11-25T10:00:00Z","to":"2026-11-25T12:00:00Z","points":[
                 {"bucketStart":"2026-11-25T10:00:00Z","requests":37,"billableRequests":32,"errors4xx":4,"errors5xx":1,"avgLatencyMs":8.5},
                 {"bucketStart":"2026-11-25T11:00:00Z","requests":3,"billableRequests":3,"errors4xx":0,"errors5xx":0,"avgLatencyMs":2.0}]}"""
                .formatted(r.query().get("granularity"))));

        chrome.get(url(root, "/favicon.ico")); // a page of the portal's origin, to set its cookie on
        chrome.manage().addCookie(new Cookie(PortalSession.COOKIE, session, "/"));
        chrome.get(url(root, "/applications/" + app + "/usage"));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String drawn = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                drawn = (String) ((JavascriptExecutor) chrome).executeScript(
                        "return document.readyState === 'complete' ? document.body.getAttribute('data-charts') : null;");
                if ("drawn".equals(drawn)) {
                    break;
                }
            } catch (WebDriverException stillLoading) {
                // the page is still being replaced: ask again
            }
            sleep();
        }
        assertEquals("drawn", drawn, "the charts were not drawn; page:\n" + chrome.getPageSource());
        for (String canvas : List.of("chart-hourly", "chart-daily")) {
            Number width = (Number) ((JavascriptExecutor) chrome).executeScript(
                    "return document.getElementById(arguments[0]).width;", canvas);
            assertTrue(width.intValue() > 0, canvas + " has no width");
        }
        assertTrue(chrome.findElement(By.id("hourly")).getText().contains("37"));
        List<LogEntry> errors = chrome.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("favicon.ico"))
                .toList();
        assertTrue(errors.isEmpty(), "browser errors (e.g. a CSP violation): " + errors);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
