package io.gatehouse.portal.journey;

import io.quarkus.test.common.http.TestHTTPResource;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URL;

/**
 * The set-up every HtmlUnit page test of the portal shares, as the companion of {@link Portal}'s helpers: the
 * portal's root address, a fresh browser without JavaScript for each test (closed after it), and billing's stand-in
 * answering as new (up, no canned answers) before and after each test, so one test's billing answers or outage never
 * reach the next. A test class extends it and keeps its own
 * {@code @QuarkusTest @QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)} and its
 * own data.
 */
abstract class PortalPageTest {

    @TestHTTPResource("/")
    URL root;

    /** This test's browser, as a person without JavaScript has it ({@link Portal#newBrowser()}). */
    WebClient browser;

    @BeforeEach
    void openBrowser() {
        browser = Portal.newBrowser();
        RealManagement.billing.up();
        RealManagement.billing.reset();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
        RealManagement.billing.up();
        RealManagement.billing.reset();
    }
}
