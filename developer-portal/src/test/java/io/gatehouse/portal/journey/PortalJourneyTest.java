package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.PASSWORD;
import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.form;
import static io.gatehouse.portal.journey.Portal.newBrowser;
import static io.gatehouse.portal.journey.Portal.submit;
import static io.gatehouse.portal.journey.Portal.submitLogIn;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The portal's pages in a browser without JavaScript (HtmlUnit), against the real management service. */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class PortalJourneyTest extends PortalPageTest {

    /** The Revoke links of an application's keys, one per key that still works. */
    private static final String REVOKE_LINKS = "//a[contains(@href, '/keys/') and contains(@href, '/revoke')]";

    @Test
    void a_partner_walks_from_sign_up_to_a_revoked_key_through_the_pages() throws Exception {
        String planName = publishedPlan();
        String email = unique("journey") + "@example.com";
        HtmlPage page = signUp(browser, email);
        assertTrue(page.asNormalizedText().contains("Check your mail"), page.asNormalizedText());

        page = verifyFromMail(browser, email);
        assertTrue(page.asNormalizedText().contains("Email verified"), page.asNormalizedText());

        page = submitLogIn(browser, root, email, PASSWORD);
        assertTrue(page.getUrl().getPath().endsWith("/dashboard"), page.getUrl().toString());
        assertTrue(page.asNormalizedText().contains("Hello, Ada Lovelace"));
        Cookie session = browser.getCookieManager().getCookie("gatehouse_session");
        assertTrue(session.isHttpOnly());
        assertEquals("/", session.getPath());
        assertEquals("lax", session.getSameSite().toLowerCase());

        page = browser.getPage(url(root, "/applications/new"));
        HtmlForm form = form(page, "/applications");
        form.getInputByName("name").setValue("Checkout");
        page = submit(form);
        assertTrue(page.getUrl().getPath().startsWith("/applications/"), page.getUrl().toString());
        String appPath = page.getUrl().getPath();

        form = form(page, appPath + "/subscriptions");
        HtmlRadioButtonInput plan = (HtmlRadioButtonInput) form.getByXPath(".//label[contains(., '" + planName + "')]/input").get(0);
        plan.setChecked(true);
        page = submit(form);
        assertTrue(page.asNormalizedText().contains(planName), page.asNormalizedText());
        assertTrue(page.asNormalizedText().contains("active"));
        assertTrue(page.asNormalizedText().contains("resets every day at 00:00 Europe/Berlin"));

        page = submit(form(page, appPath + "/keys"));
        assertEquals("no-store", page.getWebResponse().getResponseHeaderValue("Cache-Control"));
        String firstKey = ((HtmlInput) page.getElementById("new-key")).getValue();
        assertTrue(firstKey.startsWith("gh_"), firstKey);
        assertTrue(page.asNormalizedText().contains("shown only once"));

        page = browser.getPage(url(root, appPath));
        assertFalse(page.asXml().contains(firstKey), "the key is shown once only");
        page = submit((HtmlForm) page.getByXPath("//form[contains(@action, '/rotate')]").get(0));
        String secondKey = ((HtmlInput) page.getElementById("new-key")).getValue();
        assertTrue(secondKey.startsWith("gh_") && !secondKey.equals(firstKey));
        assertTrue(page.asNormalizedText().contains("keeps working until"), page.asNormalizedText());

        page = browser.getPage(url(root, appPath));
        List<HtmlAnchor> revokes = page.getByXPath(REVOKE_LINKS);
        assertEquals(2, revokes.size(), "old and new key both work during the grace period");
        assertTrue(page.getByXPath("//form[contains(@action, '/revoke')]").isEmpty(), "no key is revoked in one click");

        HtmlPage confirm = revokes.get(0).click();
        assertTrue(confirm.getTitleText().matches("Revoke key gh_.*….{4}\\? · Gatehouse"), confirm.getTitleText());
        assertTrue(confirm.asNormalizedText().contains("This cannot be undone"), confirm.asNormalizedText());
        page = confirm.getAnchorByText("Cancel").click();
        assertEquals(appPath, page.getUrl().getPath(), "Cancel goes back and changes nothing");
        assertEquals(2, page.getByXPath(REVOKE_LINKS).size());

        confirm = ((HtmlAnchor) page.getByXPath(REVOKE_LINKS).get(0)).click();
        page = submit((HtmlForm) confirm.getByXPath("//form[contains(@action, '/revoke')]").get(0));
        assertEquals(appPath, page.getUrl().getPath(), "the post answers with a redirect to the application's page");
        assertTrue(page.asNormalizedText().contains("revoked"), page.asNormalizedText());
        assertEquals(1, page.getByXPath(REVOKE_LINKS).size());

        page = browser.getPage(url(root, "/logout"));
        page = submit(form(page, "/logout"));
        assertTrue(page.asNormalizedText().contains("You are logged out."));
        page = browser.getPage(url(root, "/dashboard"));
        assertTrue(page.getUrl().getPath().endsWith("/login"), page.getUrl().toString());
    }

    @Test
    void a_cross_site_form_post_is_rejected() throws Exception {
        given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParams(Map.of("email", "a@example.com", "password", "whatever password"))
                .post(url(root, "/login")).then().statusCode(400);
        // A real session, but a form from another site has no (or the wrong) CSRF token.
        String email = unique("csrf") + "@example.com";
        signUp(browser, email);
        submitLogIn(browser, root, email, PASSWORD);
        String session = browser.getCookieManager().getCookie("gatehouse_session").getValue();
        String csrfCookie = browser.getCookieManager().getCookie("gatehouse_csrf").getValue();
        given().redirects().follow(false).contentType(ContentType.URLENC).cookie("gatehouse_session", session)
                .formParams(Map.of("name", "Forged")).post(url(root, "/applications")).then().statusCode(400);
        given().redirects().follow(false).contentType(ContentType.URLENC).cookie("gatehouse_session", session)
                .cookie("gatehouse_csrf", csrfCookie)
                .formParams(Map.of("name", "Forged", "csrf-token", "forged-token")).post(url(root, "/applications"))
                .then().statusCode(400);
        HtmlPage apps = browser.getPage(url(root, "/applications"));
        assertFalse(apps.asNormalizedText().contains("Forged"));
    }

    @Test
    void refreshing_the_new_key_page_issues_no_second_key_and_says_the_key_is_no_longer_shown() throws Exception {
        String email = unique("refresh") + "@example.com";
        signUp(browser, email);
        verifyFromMail(browser, email);
        submitLogIn(browser, root, email, PASSWORD);
        HtmlPage page = browser.getPage(url(root, "/applications/new"));
        HtmlForm form = form(page, "/applications");
        form.getInputByName("name").setValue("Refreshed");
        page = submit(form);
        String appPath = page.getUrl().getPath();

        page = submit(form(page, appPath + "/keys"));
        String shownPath = page.getUrl().getPath();
        assertTrue(shownPath.startsWith(appPath + "/keys/shown/"), "the post redirected to a page: " + shownPath);
        assertEquals("GET", page.getWebResponse().getWebRequest().getHttpMethod().name());
        assertEquals("no-store", page.getWebResponse().getResponseHeaderValue("Cache-Control"));
        String key = ((HtmlInput) page.getElementById("new-key")).getValue();
        assertTrue(key.startsWith("gh_"), key);

        HtmlPage reloaded = browser.getPage(url(root, shownPath));
        assertEquals(410, reloaded.getWebResponse().getStatusCode());
        assertEquals("no-store", reloaded.getWebResponse().getResponseHeaderValue("Cache-Control"));
        assertTrue(reloaded.asNormalizedText().contains("This key is no longer shown"), reloaded.asNormalizedText());
        assertFalse(reloaded.getWebResponse().getContentAsString().contains(key), "the key is not shown again");

        page = browser.getPage(url(root, appPath));
        assertEquals(1, page.getByXPath(REVOKE_LINKS).size(), "one key issued, not two");

        // The form post itself answers 303 with a relative address, whatever Host the client sends.
        String session = browser.getCookieManager().getCookie("gatehouse_session").getValue();
        String csrf = browser.getCookieManager().getCookie("gatehouse_csrf").getValue();
        String token = ((HtmlInput) form(page, appPath + "/keys").getInputByName("csrf-token")).getValue();
        var answer = given().redirects().follow(false).header("Host", "evil.example").contentType(ContentType.URLENC)
                .cookie("gatehouse_session", session).cookie("gatehouse_csrf", csrf)
                .formParam("csrf-token", token).post(url(root, appPath + "/keys"));
        answer.then().statusCode(303).header("Cache-Control", "no-store");
        String location = answer.getHeader("Location");
        assertTrue(location.startsWith(appPath + "/keys/shown/"), location);
        // only the session that issued it sees it
        try (WebClient other = newBrowser()) {
            String intruder = unique("peek") + "@example.com";
            signUp(other, intruder);
            submitLogIn(other, root, intruder, PASSWORD);
            HtmlPage theirs = other.getPage(url(root, location));
            assertFalse(theirs.getWebResponse().getContentAsString().contains("id=\"new-key\""));
        }
        page = browser.getPage(url(root, location));
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertTrue(((HtmlInput) page.getElementById("new-key")).getValue().startsWith("gh_"));
    }

    @Test
    void logging_in_renews_the_csrf_cookie_and_a_form_from_before_is_refused() throws Exception {
        String email = unique("rotate") + "@example.com";
        signUp(browser, email);
        HtmlPage login = browser.getPage(url(root, "/login"));
        String before = browser.getCookieManager().getCookie("gatehouse_csrf").getValue();
        String tokenBefore = ((HtmlInput) form(login, "/login").getInputByName("csrf-token")).getValue();
        assertEquals("strict", browser.getCookieManager().getCookie("gatehouse_csrf").getSameSite().toLowerCase());

        HtmlPage dashboard = submitLogIn(browser, root, email, PASSWORD);
        assertTrue(dashboard.getUrl().getPath().endsWith("/dashboard"));
        String after = browser.getCookieManager().getCookie("gatehouse_csrf").getValue();
        assertFalse(before.equals(after), "a new CSRF cookie at login");

        // Someone who planted the pre-login cookie and knows its token gets nowhere after the login.
        String session = browser.getCookieManager().getCookie("gatehouse_session").getValue();
        given().redirects().follow(false).contentType(ContentType.URLENC).cookie("gatehouse_session", session)
                .cookie("gatehouse_csrf", before).formParams(Map.of("name", "Tossed", "csrf-token", tokenBefore))
                .post(url(root, "/applications")).then().statusCode(400);
        HtmlPage apps = browser.getPage(url(root, "/applications"));
        assertFalse(apps.asNormalizedText().contains("Tossed"));
        // and the partner's own pages keep working with the new cookie
        HtmlPage page = browser.getPage(url(root, "/applications/new"));
        HtmlForm form = form(page, "/applications");
        form.getInputByName("name").setValue("After login");
        page = submit(form);
        assertTrue(page.asNormalizedText().contains("After login"), page.asNormalizedText());
    }

    @Test
    void a_weak_password_is_refused_at_sign_up_and_nothing_is_created() throws Exception {
        String email = unique("weak") + "@example.com";
        HtmlPage page = browser.getPage(url(root, "/signup"));
        HtmlForm form = form(page, "/signup");
        form.getInputByName("name").setValue("Ada Lovelace");
        form.getInputByName("email").setValue(email);
        form.getInputByName("company").setValue("Analytical " + email);
        form.getInputByName("password").setValue("password123");
        page = submit(form);
        assertEquals(400, page.getWebResponse().getStatusCode());
        assertTrue(page.asNormalizedText().contains("This password is too easy to guess"), page.asNormalizedText());
        assertEquals(email, form(page, "/signup").getInputByName("email").getValue());
        assertEquals(401, submitLogIn(browser, root, email, "password123").getWebResponse().getStatusCode(), "no account was made");
    }

    @Test
    void a_logged_out_session_cookie_is_refused() throws Exception {
        String email = unique("logout") + "@example.com";
        signUp(browser, email);
        submitLogIn(browser, root, email, PASSWORD);
        String session = browser.getCookieManager().getCookie("gatehouse_session").getValue();
        HtmlPage page = browser.getPage(url(root, "/logout"));
        submit(form(page, "/logout"));
        assertNotNull(session);
        var answer = given().redirects().follow(false).cookie("gatehouse_session", session).get(url(root, "/dashboard"));
        answer.then().statusCode(303).header("Location", containsString("/login?expired"));
        assertTrue(answer.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("gatehouse_session=;")
                && c.contains("Max-Age=0")), "the dead cookie is cleared");
        HtmlPage page2 = browser.getPage(url(root, "/dashboard"));
        assertTrue(page2.getUrl().getPath().endsWith("/login"));
    }

    @Test
    void security_headers_are_on_every_page() {
        for (String path : List.of("/", "/login", "/signup", "/no-such-page")) {
            given().redirects().follow(false).get(url(root, path)).then()
                    .header("Content-Security-Policy", allOf(containsString("frame-ancestors 'none'"),
                            containsString("script-src 'self'"), not(containsString("unsafe-inline"))))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("no-referrer"));
        }
    }

    @Test
    void another_organizations_application_is_a_page_not_found() throws Exception {
        String owner = unique("owner") + "@example.com";
        signUp(browser, owner);
        verifyFromMail(browser, owner);
        submitLogIn(browser, root, owner, PASSWORD);
        HtmlPage page = browser.getPage(url(root, "/applications/new"));
        HtmlForm form = form(page, "/applications");
        form.getInputByName("name").setValue("Private app");
        page = submit(form);
        String appPath = page.getUrl().getPath();
        page = submit(form(page, appPath + "/keys"));
        page = browser.getPage(url(root, appPath));
        String revokePath = ((HtmlAnchor) page.getByXPath(REVOKE_LINKS).get(0)).getHrefAttribute();

        try (WebClient other = newBrowser()) {
            String intruder = unique("intruder") + "@example.com";
            signUp(other, intruder);
            submitLogIn(other, root, intruder, PASSWORD);
            HtmlPage theirs = other.getPage(url(root, appPath));
            assertEquals(404, theirs.getWebResponse().getStatusCode());
            assertFalse(theirs.asNormalizedText().contains("Private app"));
            HtmlPage theirConfirm = other.getPage(url(root, revokePath));
            assertEquals(404, theirConfirm.getWebResponse().getStatusCode(), "another organization's key is not even asked about");
            // A forged revoke with the intruder's own valid CSRF token still finds nothing.
            HtmlPage own = other.getPage(url(root, "/applications/new"));
            HtmlForm ownForm = form(own, "/applications");
            ownForm.setActionAttribute(revokePath);
            HtmlPage answer = submit(ownForm);
            assertEquals(404, answer.getWebResponse().getStatusCode());
        }
        page = browser.getPage(url(root, appPath));
        assertEquals(1, page.getByXPath(REVOKE_LINKS).size(), "the key still works");
    }

    @Test
    void a_partner_renames_an_application_sets_its_client_id_and_reads_a_clash_in_words() throws Exception {
        String email = unique("settings") + "@example.com";
        signUp(browser, email);
        verifyFromMail(browser, email);
        submitLogIn(browser, root, email, PASSWORD);
        HtmlPage page = browser.getPage(url(root, "/applications/new"));
        HtmlForm form = form(page, "/applications");
        form.getInputByName("name").setValue("Checkout");
        page = submit(form);
        String appPath = page.getUrl().getPath();
        String appId = appPath.substring("/applications/".length());

        String clientId = unique("checkout-web");
        form = form(page, appPath + "/settings");
        assertEquals("", form.getInputByName("oauthClientId").getValue());
        assertTrue(page.asNormalizedText().contains("APIs that accept bearer tokens identify this application by it"));
        form.getInputByName("name").setValue("Checkout web");
        form.getInputByName("oauthClientId").setValue(" " + clientId + " ");
        page = submit(form);
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertEquals(appPath, page.getUrl().getPath());
        assertEquals("Checkout web", ((HtmlElement) page.getFirstByXPath("//h1")).asNormalizedText());
        assertEquals(clientId, form(page, appPath + "/settings").getInputByName("oauthClientId").getValue());
        admin().get("/admin/v1/applications/" + appId).then().statusCode(200)
                .body("name", equalTo("Checkout web")).body("oauthClientId", equalTo(clientId));

        String taken = unique("taken");
        String org = admin().body(Map.of("name", unique("Other org"))).post("/admin/v1/organizations")
                .then().statusCode(201).extract().path("id");
        admin().body(Map.of("organizationId", org, "name", "Theirs", "oauthClientId", taken))
                .post("/admin/v1/applications").then().statusCode(201);
        form = form(page, appPath + "/settings");
        form.getInputByName("oauthClientId").setValue(taken);
        page = submit(form);
        assertEquals(400, page.getWebResponse().getStatusCode());
        HtmlElement clash = page.getHtmlElementById("settings-oauthClientId-error");
        assertEquals("Another application already uses this client id.", clash.asNormalizedText());
        assertEquals(taken, form(page, appPath + "/settings").getInputByName("oauthClientId").getValue(),
                "what the partner typed stays in the field");
        assertFalse(page.asNormalizedText().contains("urn:gatehouse"), page.asNormalizedText());

        form = form(page, appPath + "/settings");
        form.getInputByName("oauthClientId").setValue("has a space");
        page = submit(form);
        assertEquals(400, page.getWebResponse().getStatusCode());
        assertTrue(page.getHtmlElementById("settings-oauthClientId-error").asNormalizedText().contains("without spaces"));
        admin().get("/admin/v1/applications/" + appId).then().body("oauthClientId", equalTo(clientId));

        form = form(page, appPath + "/settings");
        form.getInputByName("oauthClientId").setValue("");
        page = submit(form);
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertEquals("", form(page, appPath + "/settings").getInputByName("oauthClientId").getValue());
        admin().get("/admin/v1/applications/" + appId).then().body("oauthClientId", nullValue())
                .body("name", equalTo("Checkout web"));
    }

    @Test
    void a_settings_post_without_the_csrf_token_changes_nothing() throws Exception {
        String email = unique("forged") + "@example.com";
        signUp(browser, email);
        HtmlPage dashboard = submitLogIn(browser, root, email, PASSWORD);
        assertTrue(dashboard.getUrl().getPath().endsWith("/dashboard"), dashboard.getUrl() + "\n" + dashboard.asNormalizedText());
        HtmlPage page = browser.getPage(url(root, "/applications/new"));
        HtmlForm form = form(page, "/applications");
        form.getInputByName("name").setValue("Kept");
        page = submit(form);
        String appPath = page.getUrl().getPath();
        String cookie = browser.getCookieManager().getCookie("gatehouse_session").getValue();
        given().redirects().follow(false).contentType(ContentType.URLENC).cookie("gatehouse_session", cookie)
                .formParams(Map.of("name", "Forged", "oauthClientId", "forged"))
                .post(url(root, appPath + "/settings")).then().statusCode(400);
        given().redirects().follow(false).contentType(ContentType.URLENC).cookie("gatehouse_session", cookie)
                .cookie("gatehouse_csrf", browser.getCookieManager().getCookie("gatehouse_csrf").getValue())
                .formParams(Map.of("name", "Forged", "oauthClientId", "forged", "csrf-token", "forged-token"))
                .post(url(root, appPath + "/settings")).then().statusCode(400);
        admin().get("/admin/v1/applications/" + appPath.substring("/applications/".length())).then()
                .body("name", equalTo("Kept")).body("oauthClientId", nullValue());
    }

    @Test
    void wrong_passwords_are_throttled_with_a_clear_message() throws Exception {
        String email = unique("throttle") + "@example.com";
        signUp(browser, email);
        HtmlPage page = null;
        for (int i = 0; i < 5; i++) {
            page = submitLogIn(browser, root, email, "wrong password " + i);
            assertTrue(page.asNormalizedText().contains("The email or password is not right."));
        }
        page = submitLogIn(browser, root, email, PASSWORD);
        assertEquals(429, page.getWebResponse().getStatusCode());
        assertTrue(page.asNormalizedText().contains("locked for 15 minutes"), page.asNormalizedText());
    }

    // ---- steps ----

    private HtmlPage signUp(WebClient web, String email) throws Exception {
        HtmlPage page = web.getPage(url(root, "/signup"));
        HtmlForm form = form(page, "/signup");
        form.getInputByName("name").setValue("Ada Lovelace");
        form.getInputByName("email").setValue(email);
        form.getInputByName("company").setValue("Analytical " + email);
        form.getInputByName("password").setValue(PASSWORD);
        return submit(form);
    }

    private HtmlPage verifyFromMail(WebClient web, String email) throws Exception {
        String link = RealManagement.lastLinkTo(email);
        String query = link.substring(link.indexOf("/verify?"));
        HtmlPage page = web.getPage(url(root, query));
        return submit(form(page, "/verify"));
    }

    private String publishedPlan() {
        String route = "/" + unique("portal");
        String api = admin()
                .body(Map.of("name", "Weather " + route, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        String name = "Starter " + route;
        admin()
                .body(Map.of("apiId", api, "name", name, "timeZone", "Europe/Berlin",
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"),
                                Map.of("kind", "quota", "maxRequests", 1000, "timeUnit", "day"))))
                .post("/admin/v1/plans").then().statusCode(201);
        return name;
    }
}
