package io.gatehouse.portal.tryit;

import io.gatehouse.portal.catalog.ManagementDouble;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlHiddenInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextArea;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The try-it console against a real HTTP server standing in for the gateway ({@link GatewayDouble})
 * and the management double: what the gateway receives, what the page shows, and what is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = ManagementDouble.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = GatewayDouble.class, restrictToAnnotatedClass = true)
class TryItPageTest {

    static final String CREATE_CHARGE = "tag-charges-op-post-charges";
    static final String LIST_CHARGES = "tag-charges-op-get-charges";
    static final String REFUND = "tag-refunds-op-post-charges-chargeid-refunds";

    @TestHTTPResource("/")
    URL root;

    @ConfigProperty(name = "gatehouse.portal.try-it.gateway-url")
    String gateway;

    @Test
    void the_docs_page_shows_the_base_url_at_the_gateway_instead_of_the_documents_servers() {
        given().get("/apis/payments/v2").then().statusCode(200)
                .body(containsString("<code id=\"base-url\">https://gateway.example.test/payments</code>"))
                .body(not(containsString("https://api.example.com/payments")));
    }

    @Test
    void a_signed_out_visitor_is_asked_to_log_in_instead_of_getting_a_console() {
        given().get("/apis/payments/v2").then().statusCode(200)
                .body(containsString("to try this operation"))
                .body(not(containsString("name=\"key\"")));
    }

    @Test
    void a_signed_in_partner_calls_an_operation_through_the_gateway_and_sees_the_real_response() throws Exception {
        String key = unique("gh_live");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, CREATE_CHARGE);
            assertEquals("password", form.getInputByName("key").getAttribute("type"));
            assertEquals("off", form.getInputByName("key").getAttribute("autocomplete"));
            form.getInputByName("key").setValue(key);
            form.getInputByName("header.Idempotency-Key").setValue("idem-1");
            HtmlTextArea body = form.getTextAreaByName("body");
            assertTrue(body.getText().contains("1250"), "the body starts from the document's example: " + body.getText());
            HtmlPage result = submit(form);

            JsonPath sent = onlyRequestWith(key);
            assertEquals("POST", sent.getString("method"));
            assertEquals("/payments/charges", sent.getString("uri"));
            assertEquals(key, sent.getString("headers.x-api-key"));
            assertEquals("idem-1", sent.getString("headers.idempotency-key"));
            assertEquals("application/json", sent.getString("headers.content-type"));
            assertEquals(gateway.substring("http://".length()), sent.getString("headers.host"));
            assertTrue(sent.getString("body").contains("\"amount\" : 1250"), sent.getString("body"));

            assertEquals(200, result.getWebResponse().getStatusCode());
            assertEquals("no-store", result.getWebResponse().getResponseHeaderValue("Cache-Control"));
            assertEquals("201", result.getElementById("try-status").asNormalizedText());
            String headers = result.getElementById("try-headers").asNormalizedText();
            assertTrue(headers.contains("x-double\tyes"), headers);
            String shown = result.getElementById("try-body").asNormalizedText();
            assertTrue(shown.contains("\"amount\" : 1250"), "JSON is pretty-printed: " + shown);
            assertTrue(shown.contains("<b>bold</b>"), shown);
            assertTrue(result.getByXPath("//b[text()='bold']").isEmpty(), "the body is escaped, not markup");
            String request = result.getElementById("try-request").asNormalizedText();
            assertTrue(request.contains("POST /payments/charges"), request);
            assertTrue(request.contains("X-Api-Key: (your key, not shown)"), request);
            String html = result.getWebResponse().getContentAsString();
            assertFalse(html.contains(key), "the key is never echoed into the page");
            HtmlForm again = result.getFirstByXPath("//form[contains(@class,'try-form')]");
            assertEquals("", again.getInputByName("key").getValue(), "the form comes back without the key");
            assertEquals("idem-1", again.getInputByName("header.Idempotency-Key").getValue(), "and with the other values");
        }
    }

    @Test
    void the_call_answers_303_to_its_result_page_and_a_reload_shows_it_again_without_calling_again() throws Exception {
        String key = unique("gh_reload");
        String result;
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, CREATE_CHARGE);
            form.getInputByName("key").setValue(key);
            form.getInputByName("header.Idempotency-Key").setValue("idem-reload");
            HtmlPage page = submit(form);
            result = page.getUrl().getPath();
            assertTrue(result.startsWith("/apis/payments/v2/try/"), result);
            assertEquals("GET", page.getWebResponse().getWebRequest().getHttpMethod().name());
            HtmlPage reloaded = browser.getPage(page.getUrl());
            assertEquals(200, reloaded.getWebResponse().getStatusCode());
            assertEquals("no-store", reloaded.getWebResponse().getResponseHeaderValue("Cache-Control"));
            assertEquals("201", reloaded.getElementById("try-status").asNormalizedText());
            assertFalse(reloaded.getWebResponse().getContentAsString().contains(key));
        }
        assertEquals(1, requestsWith(key).size(), "the reload called nothing");
        try (WebClient other = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlPage theirs = other.getPage(new URL(root, result));
            assertEquals("/apis/payments/v2", theirs.getUrl().getPath(), "another session's result is not shown");
            assertNull(theirs.getElementById("try-status"));
        }
    }

    @Test
    void query_parameters_are_percent_encoded() throws Exception {
        String key = unique("gh_query");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").setValue(key);
            form.getInputByName("query.limit").setValue("5 & admin=1#x");
            submit(form);
        }
        JsonPath sent = onlyRequestWith(key);
        assertEquals("GET", sent.getString("method"));
        assertEquals("/payments/charges?limit=5%20%26%20admin%3D1%23x", sent.getString("uri"));
    }

    @Test
    void crafted_path_parameters_are_encoded_into_one_segment_and_never_leave_the_api_route() throws Exception {
        Map<String, String> expected = Map.of(
                "../../admin", "/payments/charges/..%2F..%2Fadmin/refunds",
                "x@evil.example", "/payments/charges/x%40evil.example/refunds",
                "%2F..%2F", "/payments/charges/%252F..%252F/refunds",
                "a/b?c=d#e", "/payments/charges/a%2Fb%3Fc%3Dd%23e/refunds",
                "http://evil.example:80/", "/payments/charges/http%3A%2F%2Fevil.example%3A80%2F/refunds");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            for (var e : expected.entrySet()) {
                String key = unique("gh_path");
                HtmlForm form = form(browser, REFUND);
                form.getInputByName("key").setValue(key);
                form.getInputByName("path.chargeId").setValue(e.getKey());
                submit(form);
                JsonPath sent = onlyRequestWith(key);
                assertEquals(e.getValue(), sent.getString("uri"), e.getKey());
                assertEquals(gateway.substring("http://".length()), sent.getString("headers.host"), e.getKey());
            }
        }
    }

    @Test
    void a_dot_segment_path_parameter_is_refused_and_nothing_is_sent() throws Exception {
        String key = unique("gh_dots");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            for (String dots : List.of("..", ".")) {
                HtmlForm form = form(browser, REFUND);
                form.getInputByName("key").setValue(key);
                form.getInputByName("path.chargeId").setValue(dots);
                HtmlPage result = submit(form);
                assertEquals(400, result.getWebResponse().getStatusCode());
                assertTrue(result.getElementById("try-errors").asNormalizedText().contains("cannot be"),
                        result.getElementById("try-errors").asNormalizedText());
            }
        }
        assertEquals(0, requestsWith(key).size(), "nothing reached the gateway");
    }

    @Test
    void an_operation_the_document_does_not_describe_is_not_found_and_nothing_is_sent() throws Exception {
        String key = unique("gh_other");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").setValue(key);
            ((HtmlHiddenInput) form.getInputByName("operation")).setValue("GET /../../q/health");
            HtmlPage result = submit(form);
            assertEquals(404, result.getWebResponse().getStatusCode());
        }
        assertEquals(0, requestsWith(key).size());
    }

    @Test
    void a_post_without_the_csrf_token_is_refused_and_nothing_is_sent() {
        String key = unique("gh_csrf");
        given().redirects().follow(false)
                .cookie("gatehouse_session", unique(ManagementDouble.SESSION_PREFIX))
                .formParams(Map.of("operation", "GET /charges", "key", key, "query.limit", "1"))
                .post("/apis/payments/v2/try")
                .then().statusCode(400);
        assertEquals(0, requestsWith(key).size());
    }

    @Test
    void a_missing_key_is_refused_and_nothing_is_sent() throws Exception {
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            int before = all().size();
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").removeAttribute("required");
            HtmlPage result = submit(form);
            assertEquals(400, result.getWebResponse().getStatusCode());
            assertTrue(result.asNormalizedText().contains("Paste one of your application's keys."));
            assertEquals(before, all().size());
        }
    }

    @Test
    void a_gateway_that_does_not_answer_gives_a_timeout_message() throws Exception {
        String key = unique("gh_stall");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").setValue(key);
            HtmlPage result = submit(form);
            assertEquals(200, result.getWebResponse().getStatusCode());
            assertTrue(result.getElementById("try-failure").asNormalizedText().contains("did not answer within 4 s"),
                    result.getElementById("try-failure").asNormalizedText());
            assertNull(result.getElementById("try-status"));
        }
        assertEquals(1, requestsWith(key).size());
    }

    @Test
    void a_response_larger_than_the_cap_is_cut_and_marked() throws Exception {
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").setValue(unique("gh_huge"));
            HtmlPage result = submit(form);
            assertEquals("200", result.getElementById("try-status").asNormalizedText());
            assertTrue(result.getElementById("try-truncated").asNormalizedText().contains("262144 bytes"),
                    result.getElementById("try-truncated").asNormalizedText());
            String body = result.getElementById("try-body").asNormalizedText();
            assertEquals(256 * 1024, body.length(), "the first 256 KiB");
        }
    }

    @Test
    void a_body_over_64_KiB_gets_a_413_page_and_nothing_is_sent() throws Exception {
        String key = unique("gh_big_body");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, CREATE_CHARGE);
            form.getInputByName("key").setValue(key);
            form.getTextAreaByName("body").setText("{\"note\":\"" + "x".repeat(64 * 1024) + "\"}");
            HtmlPage refused = submit(form);
            assertEquals(413, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("The body is larger than 64 KiB"), refused.asNormalizedText());
        }
        assertEquals(0, requestsWith(key).size());
    }

    @Test
    void a_form_too_large_to_read_gets_a_413_page_not_a_500() {
        given().redirects().follow(false).contentType(io.restassured.http.ContentType.URLENC)
                .cookie("gatehouse_session", unique(ManagementDouble.SESSION_PREFIX))
                .formParam("operation", "POST /charges").formParam("body", "x".repeat(300 * 1024))
                .post("/apis/payments/v2/try").then().statusCode(413)
                .body(containsString("too large"));
    }

    @Test
    void a_session_may_make_only_so_many_calls_a_minute() throws Exception {
        String key = unique("gh_many");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            for (int i = 0; i < 8; i++) {
                HtmlForm form = form(browser, LIST_CHARGES);
                form.getInputByName("key").setValue(key);
                assertEquals(200, submit(form).getWebResponse().getStatusCode(), "call " + (i + 1));
            }
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").setValue(key);
            HtmlPage refused = submit(form);
            assertEquals(429, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("Please wait a moment"), refused.asNormalizedText());
        }
        assertEquals(8, requestsWith(key).size());
        // Another session is not affected.
        String other = unique("gh_other_session");
        try (WebClient browser = browser(unique(ManagementDouble.SESSION_PREFIX))) {
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").setValue(other);
            assertEquals(200, submit(form).getWebResponse().getStatusCode());
        }
    }

    @Test
    void a_session_management_refuses_is_sent_to_the_login_page_and_nothing_is_sent() throws Exception {
        String key = unique("gh_ended");
        try (WebClient browser = browser("gds_ended_session")) {
            HtmlForm form = form(browser, LIST_CHARGES);
            form.getInputByName("key").setValue(key);
            HtmlPage result = submit(form);
            assertTrue(result.getUrl().toString().contains("/login?expired=1"), result.getUrl().toString());
        }
        assertEquals(0, requestsWith(key).size());
    }

    private WebClient browser(String session) {
        WebClient browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setTimeout(30_000);
        browser.getCookieManager().addCookie(new Cookie(root.getHost(), "gatehouse_session", session));
        return browser;
    }

    private HtmlForm form(WebClient browser, String operation) throws Exception {
        HtmlPage page = browser.getPage(new URL(root, "/apis/payments/v2"));
        assertEquals(200, page.getWebResponse().getStatusCode());
        DomElement article = page.getElementById(operation);
        assertNotNull(article, operation);
        HtmlForm form = article.getFirstByXPath(".//form[contains(@class,'try-form')]");
        assertNotNull(form, "a try-it form in " + operation);
        return form;
    }

    private static HtmlPage submit(HtmlForm form) throws Exception {
        HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
        try {
            return button.click();
        } catch (FailingHttpStatusCodeException e) {
            throw new AssertionError("status " + e.getStatusCode(), e);
        }
    }

    private List<Map<String, Object>> all() {
        return RestAssured.given().get(gateway + "/__double/received").then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> requestsWith(String key) {
        return all().stream().filter(r -> key.equals(((Map<String, Object>) r.get("headers")).get("x-api-key"))).toList();
    }

    private JsonPath onlyRequestWith(String key) {
        List<Map<String, Object>> requests = requestsWith(key);
        assertEquals(1, requests.size(), "one request with the key " + key + ": " + requests);
        return new JsonPath(io.vertx.core.json.Json.encode(requests.get(0)));
    }

    private static String unique(String base) {
        return base + "_" + Long.toString(System.nanoTime(), 36);
    }
}
