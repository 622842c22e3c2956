package io.gatehouse.management.console;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSubmitInput;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HtmlUnit (no JavaScript) signed in to the console through the test identity provider's code
 * flow as "alice", a platform admin (subject {@value #ALICE_SUBJECT}); and forged form posts for
 * role tests under {@code @TestSecurity}.
 */
final class ConsoleBrowser {

    static final String ALICE_SUBJECT = "123456";

    private ConsoleBrowser() {
    }

    static WebClient open() {
        WebClient browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setRedirectEnabled(true);
        return browser;
    }

    /** Opens a console page, which sends the browser through the identity provider's login and back. */
    static HtmlPage signIn(WebClient browser, URL base, String path) throws Exception {
        HtmlPage login = browser.getPage(new URL(base, path));
        login.<HtmlInput>getHtmlElementById("username").setValue("alice");
        login.<HtmlInput>getHtmlElementById("password").setValue("alice");
        HtmlPage page = ((HtmlSubmitInput) login.getHtmlElementById("login")).click();
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertEquals("/" + path.replaceAll("\\?.*", ""), page.getUrl().getPath());
        return page;
    }

    /**
     * A form post with a valid CSRF token, as a person with the test's {@code @TestSecurity} role
     * could forge it without the form being shown: the token comes from a page they may read.
     */
    static Response forgedPost(String readablePage, String action, String... fieldsAndValues) {
        String csrf = RestAssured.given().get(readablePage).then().statusCode(200).extract().cookie("gatehouse-console-csrf");
        var req = RestAssured.given().redirects().follow(false).cookie("gatehouse-console-csrf", csrf)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf);
        for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
            req = req.formParam(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return req.post(action);
    }
}
