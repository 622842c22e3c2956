package io.gatehouse.management.billingreports;

import io.gatehouse.management.AdminApi;
import io.gatehouse.testing.BillingStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSubmitInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analytics and billing through management: the admin API routes that read billing-metering, and the console's
 * analytics and billing pages (HtmlUnit, signed in through the test identity provider as "alice", a platform
 * admin). billing-metering is {@link BillingStandIn}, a small HTTP server in the test JVM answering billing's
 * documented JSON, declared here for the whole test app (the e2e module runs the real billing).
 */
@QuarkusTest
@QuarkusTestResource(BillingStandIn.class)
public class BillingThroughManagementTest {

    static final String INVOICE = "7c0a52b4-1f3e-4b8e-9d55-4f1d2a6b9e01";

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    @AfterEach
    void billingAsDocumented() {
        BillingStandIn.current().up();
        BillingStandIn.current().reset();
    }

    /** Makes billing know one invoice (two lines) and returns its id; also used by {@code security.RoleMatrixTest}. */
    public static String anInvoice() {
        return anInvoice("00000000-0000-0000-0000-0000000000f1");
    }

    static String anInvoice(String organizationId) {
        String invoice = """
                {"id":"%s","organizationId":"%s","period":"2026-10","currency":"EUR","status":"issued",
                 "subtotal":"61.8787","total":"61.88","checksum":"sha256:abc123","issuedAt":"2026-11-01T01:00:05Z","lineCount":2,
                 "lines":[{"lineNo":1,"kind":"flat_fee","description":"Gold: monthly fee","quantity":1,"unitPrice":"49.900000","perUnits":1,"amount":"49.9000"},
                          {"lineNo":2,"kind":"tier","tierIndex":0,"description":"Gold: 11,979 requests beyond the included","quantity":11979,"unitPrice":"1.000000","perUnits":1000,"amount":"11.9787"}]}
                """.formatted(INVOICE, organizationId);
        BillingStandIn.current().answer("/billing/v1/invoices/" + INVOICE, r -> BillingStandIn.Answer.json(invoice));
        BillingStandIn.current().answer("/billing/v1/invoices", r -> BillingStandIn.Answer.json(
                "{\"items\":[" + invoice.replaceAll("(?s),\\s*\"lines\":\\[.*\\]", "") + "]}"));
        return INVOICE;
    }

    private static void busyBilling(String appId, String orgId) {
        BillingStandIn billing = BillingStandIn.current();
        billing.answer("/billing/v1/usage/timeseries", r -> BillingStandIn.Answer.json("""
                {"granularity":"%s","from":"2026-11-25T10:00:00Z","to":"2026-11-25T12:00:00Z","points":[
                 {"bucketStart":"2026-11-25T10:00:00Z","requests":200,"billableRequests":180,"errors4xx":15,"errors5xx":5,
                  "avgLatencyMs":12.5,"p50LatencyMs":9,"p95LatencyMs":40,"p99LatencyMs":95},
                 {"bucketStart":"2026-11-25T11:00:00Z","requests":0,"billableRequests":0,"errors4xx":0,"errors5xx":0,
                  "avgLatencyMs":null,"p50LatencyMs":null,"p95LatencyMs":null,"p99LatencyMs":null}]}"""
                .formatted(r.query().getOrDefault("granularity", "hour"))));
        billing.answer("/billing/v1/usage/top-applications", r -> BillingStandIn.Answer.json("""
                {"from":"2026-11-25T10:00:00Z","to":"2026-11-25T12:00:00Z","items":[
                 {"applicationId":"%s","organizationId":"%s","requests":200,"billableRequests":180,"errors4xx":15,"errors5xx":5,"avgLatencyMs":12.5}]}"""
                .formatted(appId, orgId)));
    }

    @Test
    void the_admin_api_lists_billings_metering_gaps_naming_node_epoch_and_range() {
        BillingStandIn.current().answer("/billing/v1/metering-gaps", r -> BillingStandIn.Answer.json("""
                {"grace":"PT1M","items":[{"node":"gw-2","epoch":1796390427739,"firstSeq":41,"lastSeq":43,"missing":3,
                 "detectedAt":"2026-12-04T10:00:00Z","filledAt":null}]}"""));

        admin().get("/admin/v1/billing/metering-gaps?state=all").then().statusCode(200)
                .body("grace", equalTo("PT1M"))
                .body("items[0].node", equalTo("gw-2"))
                .body("items[0].firstSeq", equalTo(41))
                .body("items[0].lastSeq", equalTo(43))
                .body("items[0].missing", equalTo(3));
        assertEquals("all", BillingStandIn.current().requests("/billing/v1/metering-gaps").get(0).query().get("state"));
        BillingStandIn.current().down();
        admin().get("/admin/v1/billing/metering-gaps").then().statusCode(503)
                .body("type", org.hamcrest.Matchers.endsWith("billing-unavailable"));
    }

    @Test
    void the_admin_api_reads_traffic_latency_percentiles_and_top_applications_from_billing() {
        AdminApi.World w = AdminApi.World.create();
        busyBilling(w.appId(), w.orgId());

        admin().get("/admin/v1/analytics/timeseries?apiId=" + w.apiId() + "&granularity=hour&from=2026-11-25T10:00:00Z&to=2026-11-25T12:00:00Z")
                .then().statusCode(200)
                .body("points[0].requests", equalTo(200))
                .body("points[0].p95LatencyMs", equalTo(40));
        BillingStandIn.Request asked = BillingStandIn.current().requests("/billing/v1/usage/timeseries").get(0);
        assertEquals(w.apiId(), asked.query().get("apiId"));
        assertEquals("true", asked.query().get("percentiles"));

        admin().get("/admin/v1/analytics/top-applications?apiId=" + w.apiId()).then().statusCode(200)
                .body("items[0].applicationId", equalTo(w.appId()))
                .body("items[0].applicationName", equalTo("Checkout"))
                .body("items[0].errorRatePercent", equalTo(10.0f));

        admin().get("/admin/v1/analytics/timeseries?apiId=not-a-uuid").then().statusCode(400)
                .body("errors.field", hasItem("apiId"));
    }

    @Test
    void the_admin_api_lists_invoices_shows_one_with_lines_and_streams_the_reports() {
        String id = anInvoice();
        admin().get("/admin/v1/billing/invoices?period=2026-10").then().statusCode(200)
                .body("items[0].id", equalTo(id)).body("items[0].total", equalTo("61.88"));
        assertEquals("2026-10", BillingStandIn.current().requests("/billing/v1/invoices").get(0).query().get("period"));
        admin().get("/admin/v1/billing/invoices/" + id).then().statusCode(200)
                .body("lines", org.hamcrest.Matchers.hasSize(2)).body("lines[1].amount", equalTo("11.9787"));
        admin().get("/admin/v1/billing/invoices/00000000-0000-0000-0000-000000000042").then().statusCode(404)
                .body("type", equalTo("urn:gatehouse:problem:not-found"));

        BillingStandIn.current().answer("/billing/v1/reports/usage", r -> new BillingStandIn.Answer(200, "text/csv",
                "organization_id,application_id\r\nx,y\r\n#sha256,00\r\n"));
        Response csv = admin().get("/admin/v1/billing/reports/usage?period=2026-10&organization=00000000-0000-0000-0000-0000000000f1");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertEquals("organization_id,application_id\r\nx,y\r\n#sha256,00\r\n", csv.asString());
        BillingStandIn.Request report = BillingStandIn.current().requests("/billing/v1/reports/usage").get(0);
        assertEquals("00000000-0000-0000-0000-0000000000f1", report.query().get("organization"));
        assertEquals("csv", report.query().get("format"));

        admin().get("/admin/v1/billing/reports/invoices?period=2026-13").then().statusCode(400)
                .body("errors.field", hasItem("period"));
        admin().get("/admin/v1/billing/reports/invoices?period=2026-10&format=xml").then().statusCode(400)
                .body("errors.field", hasItem("format"));
    }

    @Test
    void billing_down_makes_the_admin_routes_503_billing_unavailable() {
        BillingStandIn.current().down();
        for (String path : new String[]{"/admin/v1/analytics/timeseries", "/admin/v1/analytics/top-applications",
                "/admin/v1/billing/invoices", "/admin/v1/billing/reports/usage?period=2026-10"}) {
            admin().get(path).then().statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:gatehouse:problem:billing-unavailable"));
        }
    }

    @Test
    void the_analytics_page_shows_charts_data_and_tables_and_serves_its_chart_library() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        busyBilling(w.appId(), w.orgId());
        try (WebClient browser = browser()) {
            HtmlPage page = signIn(browser, "console/analytics?apiId=" + w.apiId() + "&range=7d");
            assertEquals(w.apiId(), BillingStandIn.current().requests("/billing/v1/usage/timeseries").get(0).query().get("apiId"));
            assertEquals("hour", BillingStandIn.current().requests("/billing/v1/usage/timeseries").get(0).query().get("granularity"));
            String series = page.getHtmlElementById("series").asNormalizedText();
            assertTrue(series.contains("200") && series.contains("10.0 %") && series.contains("95"), series);
            String top = page.getHtmlElementById("top-applications").asNormalizedText();
            assertTrue(top.contains("Checkout") && top.contains("10.0 %"), top);
            assertEquals("200", page.getHtmlElementById("total-requests").asNormalizedText());

            String data = page.getHtmlElementById("analytics-data").getTextContent();
            JsonPath json = JsonPath.from(data);
            assertEquals(200, json.getInt("requests[0]"));
            assertEquals(95, json.getInt("p99LatencyMs[0]"));
            assertEquals(10.0f, json.getFloat("errorRate[0]"));

            String html = page.getWebResponse().getContentAsString();
            assertFalse(html.matches("(?s).*<script>(?!</script>).*"), "no inline script");
            assertTrue(html.contains("<script src=\"/webjars/chart.js/4.5.1/dist/chart.umd.min.js\"></script>"), html);
            assertTrue(html.contains("<script src=\"/console/assets/analytics.js\"></script>"));
            // The console's own assets need the signed-in session, which the browser has.
            Page script = browser.getPage(new URL(base, "console/assets/analytics.js"));
            assertEquals(200, script.getWebResponse().getStatusCode());
            assertTrue(script.getWebResponse().getContentAsString().contains("analytics-data"));
        }
        RestAssured.given().get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").then().statusCode(200)
                .body(containsString("Chart"));
    }

    @Test
    void the_billing_pages_list_invoices_show_the_lines_and_download_the_reports() throws Exception {
        String orgName = unique("Payer");
        String org = create("/admin/v1/organizations", Map.of("name", orgName));
        String id = anInvoice(org);
        BillingStandIn.current().answer("/billing/v1/reports/invoices", r -> new BillingStandIn.Answer(200, "text/csv",
                "invoice_id,organization_id\r\n" + id + "," + org + "\r\n#sha256,11\r\n"));
        try (WebClient browser = browser()) {
            HtmlPage list = signIn(browser, "console/billing?period=2026-10&organization=" + org);
            String invoices = list.getHtmlElementById("invoices").asNormalizedText();
            assertTrue(invoices.contains("61.88") && invoices.contains("EUR"), invoices);
            assertTrue(invoices.contains(orgName), invoices);
            assertEquals(org, BillingStandIn.current().requests("/billing/v1/invoices").get(0).query().get("organization"));

            HtmlPage one = list.getAnchorByHref("/console/billing/invoices/" + id).click();
            assertEquals("61.88", one.getHtmlElementById("total").asNormalizedText());
            String lines = one.getHtmlElementById("lines").asNormalizedText();
            assertTrue(lines.contains("flat_fee") && lines.contains("11.9787"), lines);

            Page csv = browser.getPage(new URL(base, list.getHtmlElementById("invoices-csv").getAttribute("href")));
            assertEquals(200, csv.getWebResponse().getStatusCode());
            assertTrue(csv.getWebResponse().getContentType().startsWith("text/csv"));
            assertTrue(csv.getWebResponse().getContentAsString().contains(id + "," + org));
        }
    }

    @Test
    void billing_down_shows_a_page_a_person_understands() throws Exception {
        try (WebClient browser = browser()) {
            signIn(browser, "console");
            BillingStandIn.current().down();
            HtmlPage page = browser.getPage(new URL(base, "console/analytics"));
            assertEquals(503, page.getWebResponse().getStatusCode());
            assertTrue(page.getWebResponse().getContentType().startsWith("text/html"));
            assertTrue(page.asNormalizedText().contains("cannot be read from billing"), page.asNormalizedText());
        }
    }

    @Test
    @TestSecurity(user = "alice", roles = "platform-admin")
    void the_home_page_shows_todays_traffic_and_error_rate_over_every_api_from_billing() {
        AdminApi.World w = AdminApi.World.create();
        busyBilling(w.appId(), w.orgId());
        String html = RestAssured.given().get("/console").then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"requests-today\">200<"), html);
        assertTrue(html.contains("id=\"error-rate\">10.0 %<"), html);
        BillingStandIn.Request asked = BillingStandIn.current().requests("/billing/v1/usage/timeseries").get(0);
        assertEquals("hour", asked.query().get("granularity"));
        assertTrue(asked.query().get("from").endsWith("T00:00:00Z"), "from the start of the UTC day: " + asked.query());
        assertFalse(asked.query().containsKey("apiId"), "every API: " + asked.query());

        BillingStandIn.current().down();
        String without = RestAssured.given().get("/console").then().statusCode(200).extract().asString();
        assertTrue(without.contains("id=\"traffic-unavailable\""), without);
        assertTrue(without.contains("id=\"pending-count\""), "the rest of the page is there: " + without);
    }

    @Test
    @TestSecurity(user = "bill", roles = "billing-viewer")
    void a_billing_viewer_reads_the_billing_pages() {
        anInvoice();
        RestAssured.given().get("/console/billing?period=2026-10").then().statusCode(200).body(containsString("61.88"));
        RestAssured.given().get("/console/analytics").then().statusCode(200);
        assertTrue(RestAssured.given().get("/console").asString().contains("/console/billing"));
    }

    /** An API made with the bootstrap admin token, owned by {@code owner}; its id. */
    private static String apiOwnedBy(String owner, String name) {
        return create("/admin/v1/apis", Map.of("name", name, "routePath", "/" + unique("stats"),
                "upstreamUrl", "http://127.0.0.1:9", "lifecycle", "published", "ownerSubject", owner));
    }

    private static RequestSpecification bearer(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    @Test
    void an_api_owner_reads_the_analytics_of_an_api_they_own() {
        String own = apiOwnedBy("stats-owner-1", unique("Own stats"));
        AdminApi.World w = AdminApi.World.create();
        busyBilling(w.appId(), w.orgId());
        String owner = OidcWiremockTestResource.generateJwtToken("olga", Set.of("api-owner"), "stats-owner-1", "Bearer");

        bearer(owner).get("/admin/v1/analytics/timeseries?apiId=" + own + "&granularity=hour").then().statusCode(200)
                .body("points[0].requests", equalTo(200)).body("points[0].p99LatencyMs", equalTo(95));
        assertEquals(own, BillingStandIn.current().requests("/billing/v1/usage/timeseries").get(0).query().get("apiId"));
        bearer(owner).get("/admin/v1/analytics/top-applications?apiId=" + own).then().statusCode(200)
                .body("items[0].applicationName", equalTo("Checkout"));
        assertEquals(own, BillingStandIn.current().requests("/billing/v1/usage/top-applications").get(0).query().get("apiId"));
    }

    @Test
    void an_api_owner_is_refused_the_analytics_of_other_apis_and_of_all_apis_at_once_before_billing_is_asked() {
        apiOwnedBy("stats-owner-2", unique("Own stats"));
        String foreign = apiOwnedBy("someone-else", unique("Foreign stats"));
        String owner = OidcWiremockTestResource.generateJwtToken("olga", Set.of("api-owner"), "stats-owner-2", "Bearer");

        for (String route : new String[]{"timeseries", "top-applications"}) {
            bearer(owner).get("/admin/v1/analytics/" + route + "?apiId=" + foreign).then().statusCode(403)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:gatehouse:problem:forbidden"));
            bearer(owner).get("/admin/v1/analytics/" + route + "?apiId=00000000-0000-0000-0000-00000000dead")
                    .then().statusCode(404).body("type", equalTo("urn:gatehouse:problem:not-found"));
            bearer(owner).get("/admin/v1/analytics/" + route).then().statusCode(400)
                    .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                    .body("errors.field", hasItem("apiId"));
        }
        assertTrue(BillingStandIn.current().requests().isEmpty(), BillingStandIn.current().requests().toString());

        // Readers of every API still ask about any API, or all of them.
        String auditor = OidcWiremockTestResource.generateJwtToken("aude", Set.of("auditor"), "auditor-stats-1", "Bearer");
        bearer(auditor).get("/admin/v1/analytics/timeseries?apiId=" + foreign).then().statusCode(200);
        bearer(auditor).get("/admin/v1/analytics/top-applications").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "ana", roles = "api-owner")
    void the_analytics_page_offers_an_api_owner_only_their_own_apis() {
        String second = apiOwnedBy("ana", "Stats B " + unique("b"));
        String first = apiOwnedBy("ana", "Stats A " + unique("a"));
        String foreign = apiOwnedBy("someone-else", "Stats 0 " + unique("f"));
        AdminApi.World w = AdminApi.World.create();
        busyBilling(w.appId(), w.orgId());

        String html = RestAssured.given().get("/console/analytics?range=7d").then().statusCode(200).extract().asString();
        int select = html.indexOf("<select id=\"apiId\"");
        String selector = html.substring(select, html.indexOf("</select>", select));
        List<String> offered = new ArrayList<>();
        Matcher option = Pattern.compile("<option value=\"([^\"]*)\"").matcher(selector);
        while (option.find()) {
            offered.add(option.group(1));
        }
        assertEquals(List.of(first, second), offered, selector);
        assertTrue(selector.contains("value=\"" + first + "\" selected"), selector);
        assertTrue(html.contains("id=\"own-apis-only\""), html);
        // Without an apiId the page shows the first own API, never all APIs.
        assertEquals(first, BillingStandIn.current().requests("/billing/v1/usage/timeseries").get(0).query().get("apiId"));
        assertEquals(first, BillingStandIn.current().requests("/billing/v1/usage/top-applications").get(0).query().get("apiId"));
        assertTrue(html.contains("Checkout"), html);

        String other = RestAssured.given().get("/console/analytics?apiId=" + second).then().statusCode(200).extract().asString();
        assertTrue(other.contains("value=\"" + second + "\" selected"), other);

        RestAssured.given().get("/console/analytics?apiId=" + foreign).then().statusCode(403)
                .contentType(startsWith("text/html"));
        assertFalse(BillingStandIn.current().requests().stream().anyMatch(r -> foreign.equals(r.query().get("apiId"))));
    }

    @Test
    @TestSecurity(user = "owen-without-apis", roles = "api-owner")
    void an_api_owner_without_an_api_sees_a_note_and_billing_is_not_asked() {
        String html = RestAssured.given().get("/console/analytics").then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"no-api\""), html);
        assertFalse(html.contains("All APIs"), html);
        assertTrue(BillingStandIn.current().requests().isEmpty());
    }

    @Test
    @TestSecurity(user = "olga", roles = "api-owner")
    void an_api_owner_sees_analytics_in_the_menu_and_is_still_refused_billing() {
        RestAssured.given().get("/console/billing").then().statusCode(403);
        RestAssured.given().get("/console/billing/reports/usage?period=2026-10").then().statusCode(403);
        String home = RestAssured.given().get("/console").asString();
        assertTrue(home.contains("href=\"/console/analytics\""), home);
        assertFalse(home.contains("/console/billing"), home);
        String owner = OidcWiremockTestResource.generateJwtToken("olga", Set.of("api-owner"), "olga", "Bearer");
        bearer(owner).get("/admin/v1/billing/invoices?period=2026-10").then().statusCode(403);
        assertTrue(BillingStandIn.current().requests().isEmpty());
    }

    private WebClient browser() {
        WebClient browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setRedirectEnabled(true);
        return browser;
    }

    private HtmlPage signIn(WebClient browser, String path) throws Exception {
        HtmlPage login = browser.getPage(new URL(base, path));
        login.<org.htmlunit.html.HtmlInput>getHtmlElementById("username").setValue("alice");
        login.<org.htmlunit.html.HtmlInput>getHtmlElementById("password").setValue("alice");
        HtmlPage page = ((HtmlSubmitInput) login.getHtmlElementById("login")).click();
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertNotNull(page.getUrl());
        return page;
    }
}
