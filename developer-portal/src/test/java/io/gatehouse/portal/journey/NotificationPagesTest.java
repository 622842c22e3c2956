package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static io.gatehouse.portal.journey.Portal.dev;
import static io.gatehouse.portal.journey.Portal.form;
import static io.gatehouse.portal.journey.Portal.logIn;
import static io.gatehouse.portal.journey.Portal.newBrowser;
import static io.gatehouse.portal.journey.Portal.readyPartner;
import static io.gatehouse.portal.journey.Portal.submit;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notification mails page ({@code /account/notifications}) in a browser without JavaScript (HtmlUnit), against
 * the real management service: a partner finds it in the menu, sees every topic on, turns two off, lands on the page
 * again saying it is saved, and management keeps the choice.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class NotificationPagesTest {

    @TestHTTPResource("/")
    URL root;

    private WebClient browser;

    @BeforeEach
    void openBrowser() {
        browser = newBrowser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void a_partner_turns_quota_and_invoice_mails_off_from_the_menu_and_the_choice_is_kept() throws Exception {
        String email = unique("mails") + "@example.com";
        String session = readyPartner(email);
        logIn(browser, root, email);

        HtmlPage dashboard = browser.getPage(url(root, "/dashboard"));
        HtmlPage page = ((HtmlAnchor) dashboard.getFirstByXPath("//nav/a[@href='/account/notifications']")).click();
        assertEquals("/account/notifications", page.getUrl().getPath());
        HtmlForm choices = form(page, "/account/notifications");
        for (String topic : List.of("subscriptions", "keyExpiry", "quota", "invoices")) {
            assertTrue(((HtmlCheckBoxInput) choices.getInputByName(topic)).isChecked(), topic + " is on until turned off");
        }

        ((HtmlCheckBoxInput) choices.getInputByName("quota")).setChecked(false);
        ((HtmlCheckBoxInput) choices.getInputByName("invoices")).setChecked(false);
        HtmlPage saved = submit(choices);

        assertEquals("/account/notifications", saved.getUrl().getPath());
        assertEquals("saved=1", saved.getUrl().getQuery(), "post/redirect/get");
        assertTrue(saved.asNormalizedText().contains("Saved. Mails follow your choice from now on."), saved.asNormalizedText());
        HtmlForm again = form(saved, "/account/notifications");
        assertTrue(((HtmlCheckBoxInput) again.getInputByName("subscriptions")).isChecked());
        assertTrue(((HtmlCheckBoxInput) again.getInputByName("keyExpiry")).isChecked());
        assertFalse(((HtmlCheckBoxInput) again.getInputByName("quota")).isChecked());
        assertFalse(((HtmlCheckBoxInput) again.getInputByName("invoices")).isChecked());
        dev(session).get("/developer/v1/account/notifications").then().statusCode(200)
                .body("subscriptions", equalTo(true)).body("keyExpiry", equalTo(true))
                .body("quota", equalTo(false)).body("invoices", equalTo(false));

        ((HtmlCheckBoxInput) again.getInputByName("quota")).setChecked(true);
        submit(again);
        dev(session).get("/developer/v1/account/notifications").then().body("quota", equalTo(true)).body("invoices", equalTo(false));
    }

    @Test
    void the_page_has_no_inline_style_or_script_and_labels_every_checkbox() throws Exception {
        String email = unique("mails-csp") + "@example.com";
        readyPartner(email);
        logIn(browser, root, email);
        HtmlPage page = browser.getPage(url(root, "/account/notifications"));
        String html = page.getWebResponse().getContentAsString();
        assertFalse(html.contains("style="), "no inline style");
        assertFalse(html.matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
        assertTrue(page.getWebResponse().getResponseHeaderValue("Content-Security-Policy").contains("default-src 'self'"),
                page.getWebResponse().getResponseHeaderValue("Content-Security-Policy"));
        for (String topic : List.of("subscriptions", "keyExpiry", "quota", "invoices")) {
            assertTrue(page.getFirstByXPath("//label[@for='topic-" + topic + "']") != null, topic + " has a label");
        }
    }

    @Test
    void signed_out_the_page_goes_to_the_login_page() throws Exception {
        HtmlPage page = browser.getPage(url(root, "/account/notifications"));
        assertTrue(page.getUrl().getPath().startsWith("/login"), page.getUrl().toString());
    }
}
