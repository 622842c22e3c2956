package io.gatehouse.portal.journey;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the portal's journey and browser tests share: the portal's addresses, a browser as a person without
 * JavaScript has it, the log-in form, and partners made ready through the {@link RealManagement} service.
 * Chromium's own set-up is {@link Chromium}; the per-test set-up of the HtmlUnit page tests (root address, browser,
 * billing's stand-in) is {@link PortalPageTest}.
 */
final class Portal {

    /** The password of every partner these tests sign up. */
    static final String PASSWORD = "correct horse battery";

    private Portal() {
    }

    /** The portal's address of {@code path} ({@code "/applications"}), for the test's {@code @TestHTTPResource("/")}. */
    static String url(URL root, String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    /**
     * A new HtmlUnit browser as the pages are tested: no JavaScript or CSS, error statuses answered as pages (not
     * thrown), redirects followed. Close it after the test.
     */
    static WebClient newBrowser() {
        WebClient web = new WebClient(BrowserVersion.BEST_SUPPORTED);
        web.getOptions().setJavaScriptEnabled(false);
        web.getOptions().setCssEnabled(false);
        web.getOptions().setThrowExceptionOnFailingStatusCode(false);
        web.getOptions().setRedirectEnabled(true);
        return web;
    }

    /** The page's form that posts to {@code action}; an assertion error with the page's text when there is none. */
    static HtmlForm form(HtmlPage page, String action) {
        HtmlForm form = page.getFirstByXPath("//form[@action='" + action + "']");
        if (form == null) {
            throw new AssertionError("no form to " + action + " on " + page.getUrl() + ":\n" + page.asNormalizedText());
        }
        return form;
    }

    /** Clicks the form's submit button; the page it leads to. */
    static HtmlPage submit(HtmlForm form) throws Exception {
        HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
        return button.click();
    }

    /** Fills in and sends the log-in form; the page it leads to, whatever it is. */
    static HtmlPage submitLogIn(WebClient web, URL root, String email, String password) throws Exception {
        HtmlForm form = form(web.getPage(url(root, "/login")), "/login");
        form.getInputByName("email").setValue(email);
        form.getInputByName("password").setValue(password);
        return submit(form);
    }

    /** Logs a ready partner in with {@link #PASSWORD} and checks that it lands on the dashboard. */
    static void logIn(WebClient web, URL root, String email) throws Exception {
        HtmlPage after = submitLogIn(web, root, email, PASSWORD);
        assertTrue(after.getUrl().getPath().endsWith("/dashboard"), after.getUrl() + "\n" + after.asNormalizedText());
    }

    /** Signs up and verifies through management's developer API; returns a session token of the partner. */
    static String readyPartner(String email) throws Exception {
        given().baseUri(RealManagement.url).contentType(ContentType.JSON)
                .body(Map.of("name", "Ada Lovelace", "email", email, "company", "Analytical " + email, "password", PASSWORD))
                .post("/developer/v1/signup").then().statusCode(202);
        String link = RealManagement.lastLinkTo(email);
        String token = URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8);
        given().baseUri(RealManagement.url).contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/developer/v1/email-verifications").then().statusCode(200);
        return readyPartnerSession(email);
    }

    /** A new session token of a ready partner. */
    static String readyPartnerSession(String email) {
        return given().baseUri(RealManagement.url).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .post("/developer/v1/sessions").then().statusCode(201).extract().path("token");
    }

    /** A new application named {@code name} of the partner of {@code session}; its id. */
    static String createApplication(String session, String name) {
        return dev(session).body(Map.of("name", name)).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
    }

    /** Subscribes the partner's application {@code app} to {@code plan} (one that needs no approval). */
    static void subscribe(String session, String app, String plan) {
        dev(session).body(Map.of("planId", plan)).post("/developer/v1/applications/" + app + "/subscriptions")
                .then().statusCode(201);
    }

    /** A call to management's developer API as the partner of {@code session}. */
    static RequestSpecification dev(String session) {
        return given().baseUri(RealManagement.url).contentType(ContentType.JSON).header("Authorization", "Bearer " + session);
    }

    /** A call to management's admin API with the platform admin's token. */
    static RequestSpecification admin() {
        return given().baseUri(RealManagement.url).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + RealManagement.ADMIN_TOKEN);
    }

    /** {@code base} with a suffix no other call of this run gets. */
    static String unique(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36);
    }
}
