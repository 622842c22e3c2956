package io.gatehouse.management.console;

import io.gatehouse.management.apis.ApiCompositionOptionsTest;
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
import static io.gatehouse.management.console.ConsoleBrowser.ALICE_SUBJECT;
import static io.gatehouse.management.console.ConsoleBrowser.forgedPost;
import static io.gatehouse.management.console.ConsoleBrowser.open;
import static io.gatehouse.management.console.ConsoleBrowser.signIn;
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
    void a_target_on_the_metadata_address_is_refused_on_its_row() throws Exception {
        String api = newApi("someone-else");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            input(page, "target-1-url").setValue("http://169.254.169.254/latest");
            HtmlPage refused = click(page, "save-targets");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused, "target-1-url-error").contains("metadata"), refused.asNormalizedText());
            assertEquals("http://169.254.169.254/latest", input(refused, "target-1-url").getValue());
        }
        admin().get("/admin/v1/apis/" + api).then().body("targets[0].url", equalTo("http://127.0.0.1:9/a"));
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
        forgedPost(page, page + "/options", "circuitBreaker.failureThreshold", "3", "auth.apiKeys", "true").then()
                .statusCode(403).body(containsString("Only the owner of API"));
        admin().get("/admin/v1/apis/" + foreign).then().body("options", nullValue());

        String own = newApi("olga");
        String ownPage = "/console/apis/" + own + "/gateway";
        RestAssured.given().get(ownPage).then().statusCode(200).body(containsString("id=\"options-form\""))
                .body(containsString("<form"));
        Response saved = forgedPost(ownPage, ownPage + "/options", "circuitBreaker.failureThreshold", "3",
                "auth.apiKeys", "true");
        assertEquals(303, saved.statusCode(), saved.asString());
        admin().get("/admin/v1/apis/" + own).then().body("options.circuitBreaker.failureThreshold", equalTo(3));
        admin().queryParam("entityId", own).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("api.options-replaced")).body("items[0].actorId", equalTo("olga"));
    }

    private void readOnlyAndRefused() {
        String api = newApi("someone-else");
        admin().body(Map.of("circuitBreaker", Map.of("failureThreshold", 7, "failureStatuses", List.of(500, 503)),
                        "auth", Map.of("apiKeys", false, "jwt", JWT)))
                .put("/admin/v1/apis/" + api + "/options").then().statusCode(200);
        String route = admin().get("/admin/v1/apis/" + api).then().extract().path("routes[0].id");
        admin().body(Map.of("compose", ApiCompositionOptionsTest.COMPOSE, "requiredScopes", List.of("orders:read")))
                .put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200);
        String page = "/console/apis/" + api + "/gateway";
        String html = RestAssured.given().get(page).then().statusCode(200).extract().asString();
        assertFalse(html.contains("<form"), "read-only roles get no forms");
        assertFalse(html.contains("<input"), "read-only roles get no inputs");
        assertFalse(html.contains("<textarea"), "read-only roles get no text areas");
        assertTrue(html.contains("http://127.0.0.1:9/a") && html.contains(">7<"), html);
        assertTrue(html.contains("500, 503") && html.contains("https://login.example.com/realms/partners")
                && html.contains("orders:read") && html.contains("http://users.internal:8080/v1/users/me"),
                "they read the failure statuses, the token settings, the scopes and the composition: " + html);
        forgedPost(page, page + "/options", "circuitBreaker.failureThreshold", "3", "auth.apiKeys", "true").then().statusCode(403);
        forgedPost(page, page + "/targets", "url", "http://127.0.0.1:9/x").then().statusCode(403);
        forgedPost(page, page + "/routes/" + route + "/options", "maxRetries", "0").then().statusCode(403);
        admin().get("/admin/v1/apis/" + api).then()
                .body("options.circuitBreaker.failureThreshold", equalTo(7))
                .body("options.auth.apiKeys", equalTo(false))
                .body("targets", hasSize(1))
                .body("routes[0].options.requiredScopes", equalTo(List.of("orders:read")))
                .body("routes[0].options.maxRetries", nullValue());
    }

    @Test
    void an_admin_sets_token_auth_and_failure_statuses_and_the_admin_api_reads_them_back() throws Exception {
        String api = newApi("someone-else");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            HtmlForm options = page.getHtmlElementById("options-form");
            assertTrue(options.getInputByName("auth.apiKeys").isChecked(), "API keys are accepted by default");
            options.getInputByName("auth.apiKeys").setChecked(false);
            options.getInputByName("auth.jwt.issuer").setValue("https://login.example.com/realms/partners");
            options.getInputByName("auth.jwt.jwksUrl").setValue("https://login.example.com/realms/partners/certs");
            options.getTextAreaByName("auth.jwt.audiences").setText("orders\nbilling");
            options.getInputByName("auth.jwt.applicationClaim").setValue("client_id");
            options.getInputByName("auth.jwt.clockSkewSeconds").setValue("45");
            options.getInputByName("circuitBreaker.failureStatuses").setValue("500, 503");
            HtmlPage saved = click(page, "save-options");
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertTrue(saved.getHtmlElementById("saved").asNormalizedText().contains("options were saved"));
            admin().get("/admin/v1/apis/" + api).then()
                    .body("options.auth.apiKeys", equalTo(false))
                    .body("options.auth.jwt.issuer", equalTo("https://login.example.com/realms/partners"))
                    .body("options.auth.jwt.jwksUrl", equalTo("https://login.example.com/realms/partners/certs"))
                    .body("options.auth.jwt.audiences", equalTo(List.of("orders", "billing")))
                    .body("options.auth.jwt.applicationClaim", equalTo("client_id"))
                    .body("options.auth.jwt.clockSkewSeconds", equalTo(45))
                    .body("options.circuitBreaker.failureStatuses", equalTo(List.of(500, 503)))
                    .body("options.circuitBreaker.failureThreshold", nullValue());

            HtmlForm shown = saved.getHtmlElementById("options-form");
            assertFalse(shown.getInputByName("auth.apiKeys").isChecked());
            assertEquals("orders\nbilling", shown.getTextAreaByName("auth.jwt.audiences").getText());
            assertEquals("45", shown.getInputByName("auth.jwt.clockSkewSeconds").getValue());
            assertEquals("500, 503", shown.getInputByName("circuitBreaker.failureStatuses").getValue());

            shown.getInputByName("auth.apiKeys").setChecked(true);
            shown.getInputByName("auth.jwt.issuer").setValue("");
            shown.getInputByName("auth.jwt.jwksUrl").setValue("");
            shown.getTextAreaByName("auth.jwt.audiences").setText("");
            shown.getInputByName("auth.jwt.applicationClaim").setValue("");
            shown.getInputByName("auth.jwt.clockSkewSeconds").setValue("");
            shown.getInputByName("circuitBreaker.failureStatuses").setValue("none");
            HtmlPage cleared = click(saved, "save-options");
            assertEquals(200, cleared.getWebResponse().getStatusCode(), cleared.asNormalizedText());
            admin().get("/admin/v1/apis/" + api).then()
                    .body("options.auth", nullValue())
                    .body("options.circuitBreaker.failureStatuses", equalTo(List.of()));
            assertEquals("none", cleared.<HtmlForm>getHtmlElementById("options-form")
                    .getInputByName("circuitBreaker.failureStatuses").getValue());
        }
        admin().queryParam("entityId", api).get("/admin/v1/audit").then()
                .body("items[0].action", equalTo("api.options-replaced"))
                .body("items[0].actorId", equalTo(ALICE_SUBJECT))
                .body("items[1].after.options.auth.jwt.audiences", equalTo(List.of("orders", "billing")));
    }

    @Test
    void an_admin_ticks_forward_unsafe_headers_sees_it_ticked_again_and_unticks_it() throws Exception {
        String api = newApi("someone-else");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            HtmlForm options = page.getHtmlElementById("options-form");
            assertFalse(options.getInputByName("forwardUnsafeHeaders").isChecked(), "unsafe headers are dropped by default");
            options.getInputByName("forwardUnsafeHeaders").setChecked(true);
            HtmlPage saved = click(page, "save-options");
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            admin().get("/admin/v1/apis/" + api).then().body("options.forwardUnsafeHeaders", equalTo(true));

            HtmlPage again = browser.getPage(new URL(base, "console/apis/" + api + "/gateway"));
            HtmlForm shown = again.getHtmlElementById("options-form");
            assertTrue(shown.getInputByName("forwardUnsafeHeaders").isChecked());
            shown.getInputByName("forwardUnsafeHeaders").setChecked(false);
            HtmlPage cleared = click(again, "save-options");
            assertEquals(200, cleared.getWebResponse().getStatusCode(), cleared.asNormalizedText());
            admin().get("/admin/v1/apis/" + api).then().body("options", nullValue());
        }
    }

    @Test
    void invalid_token_auth_and_failure_statuses_come_back_with_each_problem_at_its_field() throws Exception {
        String api = newApi("someone-else");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            HtmlForm options = page.getHtmlElementById("options-form");
            options.getInputByName("auth.jwt.issuer").setValue("https://login.example.com");
            options.getInputByName("auth.jwt.clockSkewSeconds").setValue("301");
            HtmlPage refused = click(page, "save-options");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused, "api-auth.jwt.jwksUrl-error").contains("JWKS URL"), refused.asNormalizedText());
            assertTrue(text(refused, "api-auth.jwt.audiences-error").contains("audience"), refused.asNormalizedText());
            assertTrue(text(refused, "api-auth.jwt.clockSkewSeconds-error").contains("300"), refused.asNormalizedText());
            HtmlForm again = refused.getHtmlElementById("options-form");
            assertEquals("https://login.example.com", again.getInputByName("auth.jwt.issuer").getValue(), "what was typed is kept");
            assertTrue(again.getInputByName("auth.apiKeys").isChecked(), "what was ticked is kept");

            again.getInputByName("auth.jwt.jwksUrl").setValue("ftp://login.example.com/certs");
            again.getTextAreaByName("auth.jwt.audiences").setText("orders");
            again.getInputByName("auth.jwt.clockSkewSeconds").setValue("30");
            again.getInputByName("circuitBreaker.failureStatuses").setValue("503, 404");
            HtmlPage refusedByRules = click(refused, "save-options");
            assertEquals(400, refusedByRules.getWebResponse().getStatusCode());
            assertTrue(text(refusedByRules, "api-auth.jwt.jwksUrl-error").contains("http"), refusedByRules.asNormalizedText());
            assertTrue(text(refusedByRules, "api-circuitBreaker.failureStatuses-error").startsWith("entry 2:"),
                    refusedByRules.asNormalizedText());

            HtmlForm third = refusedByRules.getHtmlElementById("options-form");
            third.getInputByName("auth.jwt.jwksUrl").setValue("");
            third.getInputByName("auth.jwt.issuer").setValue("");
            third.getTextAreaByName("auth.jwt.audiences").setText("");
            third.getInputByName("auth.jwt.clockSkewSeconds").setValue("");
            third.getInputByName("circuitBreaker.failureStatuses").setValue("");
            third.getInputByName("auth.apiKeys").setChecked(false);
            HtmlPage noCredential = click(refusedByRules, "save-options");
            assertEquals(400, noCredential.getWebResponse().getStatusCode());
            assertTrue(text(noCredential, "api-auth.apiKeys-error").contains("credential"), noCredential.asNormalizedText());
        }
        admin().get("/admin/v1/apis/" + api).then().body("options", nullValue());
    }

    @Test
    void route_required_scopes_round_trip_and_a_bad_scope_is_refused_at_its_field() throws Exception {
        String api = newApi("someone-else");
        String route = admin().get("/admin/v1/apis/" + api).then().extract().path("routes[0].id");
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            HtmlForm form = page.getHtmlElementById("route-form-" + route);
            form.getInputByName("requiredScopes").setValue("orders:read  orders:write");
            HtmlPage saved = click(page, "save-route-" + route);
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            admin().get("/admin/v1/apis/" + api).then()
                    .body("routes[0].options.requiredScopes", equalTo(List.of("orders:read", "orders:write")));
            HtmlForm shown = saved.getHtmlElementById("route-form-" + route);
            assertEquals("orders:read orders:write", shown.getInputByName("requiredScopes").getValue());

            shown.getInputByName("requiredScopes").setValue("orders:read bad\\scope");
            HtmlPage refused = click(saved, "save-route-" + route);
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused, "route-0-requiredScopes-error").startsWith("entry 2:"), refused.asNormalizedText());
            assertEquals("orders:read bad\\scope",
                    refused.<HtmlForm>getHtmlElementById("route-form-" + route).getInputByName("requiredScopes").getValue());

            HtmlForm again = refused.getHtmlElementById("route-form-" + route);
            again.getInputByName("requiredScopes").setValue("");
            HtmlPage cleared = click(refused, "save-route-" + route);
            assertEquals(200, cleared.getWebResponse().getStatusCode(), cleared.asNormalizedText());
        }
        admin().get("/admin/v1/apis/" + api).then().body("routes[0].options", nullValue());
    }

    @Test
    void a_composition_set_through_the_admin_api_is_shown_on_the_route_card_and_kept_when_the_form_is_saved() throws Exception {
        String api = newApi("someone-else");
        String route = admin().get("/admin/v1/apis/" + api).then().extract().path("routes[0].id");
        admin().body(Map.of("compose", ApiCompositionOptionsTest.COMPOSE))
                .put("/admin/v1/apis/" + api + "/routes/" + route + "/options").then().statusCode(200);
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/apis/" + api + "/gateway");
            String parts = text(page, "route-0-compose");
            assertTrue(parts.contains("user") && parts.contains("http://users.internal:8080/v1/users/me")
                    && parts.contains("500 ms") && parts.contains("yes"), parts);
            assertTrue(parts.contains("orders") && parts.contains("/orders?limit=5") && parts.contains("800 ms"), parts);
            assertTrue(page.getHtmlElementById("route-0-compose").querySelectorAll("input").isEmpty(), "shown, not edited");
            assertTrue(text(page, "route-0-group-compose").contains("65536"));

            page.<HtmlForm>getHtmlElementById("route-form-" + route).getInputByName("maxRetries").setValue("2");
            page.<HtmlForm>getHtmlElementById("route-form-" + route).getInputByName("requiredScopes").setValue("orders:read");
            HtmlPage saved = click(page, "save-route-" + route);
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertTrue(text(saved, "route-0-compose").contains("/orders?limit=5"));
        }
        admin().get("/admin/v1/apis/" + api).then()
                .body("routes[0].options.compose", equalTo(ApiCompositionOptionsTest.COMPOSE))
                .body("routes[0].options.maxRetries", equalTo(2))
                .body("routes[0].options.requiredScopes", equalTo(List.of("orders:read")));
    }

    private static final Map<String, Object> JWT = Map.of("issuer", "https://login.example.com/realms/partners",
            "jwksUrl", "https://login.example.com/realms/partners/certs", "audiences", List.of("orders"));

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
