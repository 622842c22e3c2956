package io.gatehouse.management;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.ConsoleBrowser.ALICE_SUBJECT;
import static io.gatehouse.management.ConsoleBrowser.forgedPost;
import static io.gatehouse.management.ConsoleBrowser.open;
import static io.gatehouse.management.ConsoleBrowser.signIn;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway options page of an API in the console: upstream targets, API options and route
 * options round-trip through the same service as the admin API, come back with each problem next
 * to its field, are audited, and are read-only (no forms, forged posts refused) for roles that may
 * not change them.
 */
@QuarkusTest
class ConsoleGatewayOptionsTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void an_admin_sets_targets_and_api_options_and_sees_the_stored_values_again() throws Exception {
        String api = newApi("someone-else");
        try (WebClient browser = open()) {
            HtmlPage detail = signIn(browser, base, "console/apis/" + api);
            HtmlPage page = detail.getAnchorByText("Gateway options").click();
            assertEquals("/console/apis/" + api + "/gateway", page.getUrl().getPath());
            assertEquals("http://127.0.0.1:9/a", input(page, "target-0-url").getValue());

            input(page, "target-0-weight").setValue("2");
            input(page, "target-1-url").setValue("http://127.0.0.1:9/b");
            input(page, "target-1-weight").setValue("3");
            page.<HtmlSelect>getHtmlElementById("target-1-state").setSelectedAttribute("disabled", true);
            HtmlPage saved = click(page, "save-targets");
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertTrue(saved.getHtmlElementById("saved").asNormalizedText().contains("targets were saved"));
            assertEquals("http://127.0.0.1:9/b", input(saved, "target-1-url").getValue());
            assertEquals("3", input(saved, "target-1-weight").getValue());
            admin().get("/admin/v1/apis/" + api).then()
                    .body("targets", hasSize(2))
                    .body("targets[0].weight", equalTo(2))
                    .body("targets[1].url", equalTo("http://127.0.0.1:9/b"))
                    .body("targets[1].enabled", equalTo(false));

            HtmlForm options = saved.getHtmlElementById("options-form");
            options.getInputByName("healthCheck.enabled").setChecked(true);
            options.getInputByName("healthCheck.path").setValue("/health");
            options.getInputByName("healthCheck.intervalMs").setValue("2000");
            options.getInputByName("circuitBreaker.failureThreshold").setValue("3");
            options.getTextAreaByName("cors.allowedOrigins").setText("https://app.example.com\nhttps://admin.example.com:8443");
            options.getInputByName("cors.allowedMethods").setValue("GET, POST");
            options.getInputByName("cors.maxAgeSeconds").setValue("600");
            options.getInputByName("cors.allowCredentials").setChecked(true);
            options.getTextAreaByName("ipAccess.allow").setText("10.0.0.0/8");
            options.getTextAreaByName("ipAccess.deny").setText("10.0.0.7\n2001:db8::/32");
            HtmlPage afterOptions = click(saved, "save-options");
            assertEquals(200, afterOptions.getWebResponse().getStatusCode(), afterOptions.asNormalizedText());
            assertTrue(afterOptions.getHtmlElementById("saved").asNormalizedText().contains("options were saved"));

            admin().get("/admin/v1/apis/" + api).then()
                    .body("options.healthCheck.path", equalTo("/health"))
                    .body("options.healthCheck.intervalMs", equalTo(2000))
                    .body("options.healthCheck.timeoutMs", nullValue())
                    .body("options.circuitBreaker.failureThreshold", equalTo(3))
                    .body("options.cors.allowedOrigins", equalTo(List.of("https://app.example.com", "https://admin.example.com:8443")))
                    .body("options.cors.allowedMethods", equalTo(List.of("GET", "POST")))
                    .body("options.cors.allowCredentials", equalTo(true))
                    .body("options.cors.maxAgeSeconds", equalTo(600))
                    .body("options.ipAccess.allow", equalTo(List.of("10.0.0.0/8")))
                    .body("options.ipAccess.deny", equalTo(List.of("10.0.0.7", "2001:db8::/32")));

            HtmlForm shown = browser.<HtmlPage>getPage(new URL(base, "console/apis/" + api + "/gateway"))
                    .getHtmlElementById("options-form");
            assertTrue(shown.getInputByName("healthCheck.enabled").isChecked());
            assertEquals("2000", shown.getInputByName("healthCheck.intervalMs").getValue());
            assertEquals("", shown.getInputByName("healthCheck.timeoutMs").getValue());
            assertEquals("GET, POST", shown.getInputByName("cors.allowedMethods").getValue());
            assertEquals("10.0.0.7\n2001:db8::/32", shown.getTextAreaByName("ipAccess.deny").getText());

            admin().queryParam("entityId", api).get("/admin/v1/audit").then()
                    .body("items[0].action", equalTo("api.options-replaced"))
                    .body("items[0].actorId", equalTo(ALICE_SUBJECT))
                    .body("items[0].after.options.cors.maxAgeSeconds", equalTo(600))
                    .body("items[1].action", equalTo("api.targets-replaced"))
                    .body("items[1].actorId", equalTo(ALICE_SUBJECT));
        }
    }

    @Test
    void invalid_api_options_come_back_with_what_was_typed_and_each_problem_next_to_its_field() throws Exception {
        String api = newApi("someone-else");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            HtmlForm options = page.getHtmlElementById("options-form");
            options.getInputByName("healthCheck.enabled").setChecked(true);
            options.getInputByName("healthCheck.intervalMs").setValue("50");
            options.getInputByName("circuitBreaker.openMs").setValue("5");
            HtmlPage refused = click(page, "save-options");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.getWebResponse().getContentType().startsWith("text/html"));
            assertTrue(text(refused, "api-healthCheck.intervalMs-error").contains("100"), refused.asNormalizedText());
            assertTrue(text(refused, "api-circuitBreaker.openMs-error").contains("100"), refused.asNormalizedText());
            assertTrue(text(refused, "api-errors").contains("Nothing was saved"));
            HtmlForm again = refused.getHtmlElementById("options-form");
            assertEquals("50", again.getInputByName("healthCheck.intervalMs").getValue(), "what was typed is kept");
            assertTrue(again.getInputByName("healthCheck.enabled").isChecked(), "what was ticked is kept");

            again.getInputByName("healthCheck.intervalMs").setValue("1000");
            again.getInputByName("circuitBreaker.openMs").setValue("500");
            again.getTextAreaByName("cors.allowedOrigins").setText("https://ok.example.com\nhttps://app.example.com/path");
            again.getTextAreaByName("ipAccess.deny").setText("10.0.0.1\nbad.example.com");
            HtmlPage refusedByRules = click(refused, "save-options");
            assertEquals(400, refusedByRules.getWebResponse().getStatusCode());
            assertTrue(text(refusedByRules, "api-cors.allowedOrigins-error").startsWith("entry 2:"),
                    text(refusedByRules, "api-cors.allowedOrigins-error"));
            assertTrue(text(refusedByRules, "api-ipAccess.deny-error").startsWith("entry 2:"));
            assertEquals("https://ok.example.com\nhttps://app.example.com/path",
                    refusedByRules.<HtmlForm>getHtmlElementById("options-form").getTextAreaByName("cors.allowedOrigins").getText());
        }
        admin().get("/admin/v1/apis/" + api).then().body("options", nullValue());
        admin().queryParam("entityId", api).queryParam("actorId", ALICE_SUBJECT).get("/admin/v1/audit").then()
                .body("items", hasSize(0));
    }

    @Test
    void invalid_targets_are_shown_on_their_row_and_nothing_changes() throws Exception {
        String api = newApi("someone-else");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            input(page, "target-1-url").setValue("ftp://files.example.com");
            input(page, "target-2-url").setValue("http://127.0.0.1:9/c");
            input(page, "target-2-weight").setValue("0");
            HtmlPage refused = click(page, "save-targets");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused, "target-2-weight-error").contains("1"), refused.asNormalizedText());
            assertEquals("ftp://files.example.com", input(refused, "target-1-url").getValue());

            input(refused, "target-2-weight").setValue("5");
            HtmlPage refusedUrl = click(refused, "save-targets");
            assertEquals(400, refusedUrl.getWebResponse().getStatusCode());
            assertTrue(text(refusedUrl, "target-1-url-error").contains("http"), refusedUrl.asNormalizedText());
        }
        admin().get("/admin/v1/apis/" + api).then().body("targets", hasSize(1));
    }

    @Test
    void route_options_round_trip_and_a_protected_header_is_refused_at_its_field() throws Exception {
        String api = newApi("someone-else");
        String route = admin().get("/admin/v1/apis/" + api).then().extract().path("routes[0].id");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            HtmlForm form = page.getHtmlElementById("route-form-" + route);
            form.getInputByName("maxRequestBodyBytes").setValue("1024");
            form.getInputByName("maxRetries").setValue("0");
            form.getTextAreaByName("requestHeaders.set").setText("X-Env: test\nX-Team: payments");
            form.getTextAreaByName("responseHeaders.remove").setText("Server");
            form.getInputByName("cache.enabled").setChecked(true);
            form.getInputByName("cache.ttlSeconds").setValue("60");
            form.getInputByName("cache.perConsumer").setChecked(true);
            form.getInputByName("cache.shared").setChecked(true);
            HtmlPage saved = click(page, "save-route-" + route);
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            admin().get("/admin/v1/apis/" + api).then()
                    .body("routes[0].options.maxRequestBodyBytes", equalTo(1024))
                    .body("routes[0].options.maxRetries", equalTo(0))
                    .body("routes[0].options.requestHeaders.set", equalTo(Map.of("X-Env", "test", "X-Team", "payments")))
                    .body("routes[0].options.responseHeaders.remove", equalTo(List.of("Server")))
                    .body("routes[0].options.cache.ttlSeconds", equalTo(60))
                    .body("routes[0].options.cache.perConsumer", equalTo(true))
                    .body("routes[0].options.cache.shared", equalTo(true));
            HtmlForm shown = saved.getHtmlElementById("route-form-" + route);
            assertEquals("X-Env: test\nX-Team: payments", shown.getTextAreaByName("requestHeaders.set").getText());
            assertTrue(shown.getInputByName("cache.perConsumer").isChecked());
            assertTrue(shown.getInputByName("cache.shared").isChecked());

            shown.getTextAreaByName("requestHeaders.set").setText("Host: evil.example.com");
            shown.getInputByName("maxRetries").setValue("9");
            HtmlPage refused = click(saved, "save-route-" + route);
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused, "route-0-maxRetries-error").contains("5"), refused.asNormalizedText());
            shown = refused.getHtmlElementById("route-form-" + route);
            shown.getInputByName("maxRetries").setValue("2");
            HtmlPage refusedHost = click(refused, "save-route-" + route);
            assertEquals(400, refusedHost.getWebResponse().getStatusCode());
            assertTrue(text(refusedHost, "route-0-requestHeaders.set-error").startsWith("Host:"),
                    text(refusedHost, "route-0-requestHeaders.set-error"));
        }
        admin().get("/admin/v1/apis/" + api).then().body("routes[0].options.maxRetries", equalTo(0));
        admin().queryParam("entityId", api).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("api.route-options-replaced"))
                .body("items[0].actorId", equalTo(ALICE_SUBJECT));
    }

    @Test
    @TestSecurity(user = "bill", roles = "billing-viewer")
    void a_billing_viewer_reads_the_options_without_forms_and_a_forged_post_is_refused() {
        readOnlyAndRefused();
    }

    @Test
    @TestSecurity(user = "aude", roles = "auditor")
    void an_auditor_reads_the_options_without_forms_and_a_forged_post_is_refused() {
        readOnlyAndRefused();
    }

    @Test
    @TestSecurity(user = "olga", roles = "api-owner")
    void an_api_owner_changes_the_options_of_their_own_api_only() {
        String foreign = newApi("someone-else");
        String page = "/console/apis/" + foreign + "/gateway";
        RestAssured.given().get(page).then().statusCode(200)
                .body(not(containsString("<form"))).body(containsString("only the API's owner or a platform admin"));
        forgedPost(page, page + "/options", "circuitBreaker.failureThreshold", "3").then()
                .statusCode(403).body(containsString("Only the owner of API"));
        admin().get("/admin/v1/apis/" + foreign).then().body("options", nullValue());

        String own = newApi("olga");
        String ownPage = "/console/apis/" + own + "/gateway";
        RestAssured.given().get(ownPage).then().statusCode(200).body(containsString("id=\"options-form\""))
                .body(containsString("<form"));
        Response saved = forgedPost(ownPage, ownPage + "/options", "circuitBreaker.failureThreshold", "3");
        assertEquals(303, saved.statusCode(), saved.asString());
        admin().get("/admin/v1/apis/" + own).then().body("options.circuitBreaker.failureThreshold", equalTo(3));
        admin().queryParam("entityId", own).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("api.options-replaced")).body("items[0].actorId", equalTo("olga"));
    }

    private void readOnlyAndRefused() {
        String api = newApi("someone-else");
        admin().body(Map.of("circuitBreaker", Map.of("failureThreshold", 7))).put("/admin/v1/apis/" + api + "/options")
                .then().statusCode(200);
        String route = admin().get("/admin/v1/apis/" + api).then().extract().path("routes[0].id");
        String page = "/console/apis/" + api + "/gateway";
        String html = RestAssured.given().get(page).then().statusCode(200).extract().asString();
        assertFalse(html.contains("<form"), "read-only roles get no forms");
        assertFalse(html.contains("<input"), "read-only roles get no inputs");
        assertTrue(html.contains("http://127.0.0.1:9/a") && html.contains(">7<"), html);
        forgedPost(page, page + "/options", "circuitBreaker.failureThreshold", "3").then().statusCode(403);
        forgedPost(page, page + "/targets", "url", "http://127.0.0.1:9/x").then().statusCode(403);
        forgedPost(page, page + "/routes/" + route + "/options", "maxRetries", "0").then().statusCode(403);
        admin().get("/admin/v1/apis/" + api).then()
                .body("options.circuitBreaker.failureThreshold", equalTo(7))
                .body("targets", hasSize(1))
                .body("routes[0].options", nullValue());
    }

    private static String newApi(String owner) {
        return create("/admin/v1/apis", Map.of("name", unique("Options"), "routePath", "/" + unique("opt"),
                "upstreamUrl", "http://127.0.0.1:9/a", "ownerSubject", owner));
    }

    private static HtmlInput input(HtmlPage page, String id) {
        return page.getHtmlElementById(id);
    }

    private static String text(HtmlPage page, String id) {
        return page.getHtmlElementById(id).asNormalizedText();
    }

    private static HtmlPage click(HtmlPage page, String buttonId) throws Exception {
        return ((HtmlButton) page.getHtmlElementById(buttonId)).click();
    }
}
