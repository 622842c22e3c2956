package io.gatehouse.portal.journey;

import io.gatehouse.testing.BillingStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.htmlunit.Page;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.createApplication;
import static io.gatehouse.portal.journey.Portal.logIn;
import static io.gatehouse.portal.journey.Portal.readyPartner;
import static io.gatehouse.portal.journey.Portal.readyPartnerSession;
import static io.gatehouse.portal.journey.Portal.subscribe;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usage page of an application, against the real management service (a process) reading billing from a
 * {@link BillingStandIn}: chart data, the tables that work without JavaScript, the CSV download, another
 * organization's application, and billing away.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class UsagePageTest extends PortalPageTest {

    @Test
    void the_usage_page_shows_chart_data_tables_quota_left_and_downloads_csv() throws Exception {
        String plan = publishedPlan();
        String email = unique("usage") + "@example.com";
        String session = readyPartner(email);
        String app = createApplication(session, "Checkout");
        subscribe(session, app, plan);
        billingAnswers();
        estimateAnswer(org(app), app, plan);

        logIn(browser, root, email);
        HtmlPage detail = browser.getPage(url(root, "/applications/" + app));
        HtmlPage page = detail.getAnchorByHref("/applications/" + app + "/usage").click();
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());

        String hourly = page.getHtmlElementById("hourly").asNormalizedText();
        assertTrue(hourly.contains("2026-11-25 10:00 UTC") && hourly.contains("37") && hourly.contains("8.5 ms"), hourly);
        String daily = page.getHtmlElementById("daily").asNormalizedText();
        assertTrue(daily.contains("2026-11-25") && daily.contains("37"), daily);
        String quotas = page.getHtmlElementById("quotas").asNormalizedText();
        assertTrue(quotas.contains("1,000 per day (Europe/Berlin)") && quotas.contains("958"), quotas);
        assertTimesReadableWithTheExactInstant(page.getHtmlElementById("quotas"));
        assertTimesReadableWithTheExactInstant(page.getHtmlElementById("hourly"));
        assertNotNull(page.getFirstByXPath("//script[@src='/local-time.js']"), "the script that shows local times");

        JsonPath data = JsonPath.from(page.getHtmlElementById("usage-data").getTextContent());
        assertEquals(List.of(37, 0), data.getList("hourly.requests"));
        assertEquals(List.of(4, 0), data.getList("hourly.errors4xx"));
        assertEquals(List.of("11-25 10:00", "11-25 11:00"), data.getList("hourly.labels"));
        String html = page.getWebResponse().getContentAsString();
        assertTrue(html.contains("<script src=\"/webjars/chart.js/4.5.1/dist/chart.umd.min.js\"></script>"));
        assertTrue(html.contains("<script src=\"/usage-charts.js\"></script>"));
        assertFalse(html.contains("<script>"), "no inline script");

        List<BillingStandIn.Request> asked = RealManagement.billing.requests("/billing/v1/usage/timeseries");
        assertTrue(asked.stream().anyMatch(r -> r.query().get("granularity").equals("hour")
                && r.query().get("applicationId").equals(app)), asked.toString());
        assertTrue(asked.stream().anyMatch(r -> r.query().get("granularity").equals("day")), asked.toString());

        Page csv = browser.getPage(url(root, "/applications/" + app + "/usage.csv?granularity=hour"));
        assertEquals(200, csv.getWebResponse().getStatusCode());
        assertTrue(csv.getWebResponse().getContentType().startsWith("text/csv"));
        assertTrue(csv.getWebResponse().getResponseHeaderValue("Content-Disposition").contains("attachment"));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.getWebResponse().getContentAsString())).getRecords();
        assertEquals(2, rows.size());
        assertEquals("2026-11-25T10:00:00Z", rows.get(0).get("bucket_start"));
        assertEquals("37", rows.get(0).get("requests"));
        assertEquals("1", rows.get(0).get("errors_5xx"));
        assertEquals("", rows.get(1).get("avg_latency_ms"));

        DomElement estimate = page.getHtmlElementById("estimate");
        String words = estimate.asNormalizedText();
        assertTrue(words.contains("Estimated charges for 2026-12") && words.contains("estimate, not an invoice"), words);
        assertTrue(words.contains("Checkout · Weather ") && words.contains("1,734 billable requests so far")
                && words.contains("734 beyond the included ones"), words);
        assertTrue(words.contains("Overage requests 1–500 (tier 1)") && words.contains("€1.00")
                && words.contains("€0.9787"), words);
        assertEquals("€61.88", page.getFirstByXPath("//td[@class='estimate-total']") instanceof DomElement e
                ? e.asNormalizedText() : null, words);
        assertTimesReadableWithTheExactInstant(estimate);
        assertEquals(org(app), RealManagement.billing.requests("/billing/v1/estimates").get(0).query().get("organization"));

        given().baseUri(root.toString()).get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").then().statusCode(200)
                .body(containsString("Chart"));
        given().baseUri(root.toString()).get("/usage-charts.js").then().statusCode(200).body(containsString("usage-data"));
    }

    @Test
    void another_organizations_usage_is_not_found_and_billing_away_is_explained() throws Exception {
        String owner = readyPartner(unique("owner") + "@example.com");
        String app = createApplication(owner, "Private");
        String stranger = unique("stranger") + "@example.com";
        readyPartner(stranger);
        logIn(browser, root, stranger);

        HtmlPage foreign = browser.getPage(url(root, "/applications/" + app + "/usage"));
        assertEquals(404, foreign.getWebResponse().getStatusCode());
        assertEquals(404, browser.getPage(url(root, "/applications/" + app + "/usage.csv")).getWebResponse().getStatusCode());
        assertTrue(RealManagement.billing.requests().isEmpty(), RealManagement.billing.requests().toString());

        String mine = createApplication(readyPartnerSession(stranger), "Mine");
        RealManagement.billing.down();
        HtmlPage away = browser.getPage(url(root, "/applications/" + mine + "/usage"));
        assertEquals(503, away.getWebResponse().getStatusCode());
        assertTrue(away.getHtmlElementById("usage-unavailable").asNormalizedText().contains("cannot be reached"));
    }

    @Test
    void without_an_estimate_the_usage_page_still_shows_the_usage_and_says_the_estimate_is_unavailable() throws Exception {
        String email = unique("noestimate") + "@example.com";
        String session = readyPartner(email);
        String app = createApplication(session, "Quiet");
        billingAnswers();
        RealManagement.billing.answer("/billing/v1/estimates", r -> new BillingStandIn.Answer(503, "application/problem+json",
                "{\"type\":\"urn:gatehouse:problem:management-unavailable\",\"status\":503}"));
        logIn(browser, root, email);
        HtmlPage page = browser.getPage(url(root, "/applications/" + app + "/usage"));
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertTrue(page.getHtmlElementById("estimate-unavailable").asNormalizedText().contains("unavailable right now"));
        assertTrue(page.getHtmlElementById("hourly").asNormalizedText().contains("37"));

        RealManagement.billing.reset();
        billingAnswers();
        HtmlPage empty = browser.getPage(url(root, "/applications/" + app + "/usage"));
        assertTrue(empty.getHtmlElementById("estimate-empty").asNormalizedText().contains("Subscribe an application to a plan"),
                empty.asNormalizedText());
    }

    static String org(String app) {
        return admin().get("/admin/v1/applications/" + app).then().statusCode(200).extract().path("organizationId");
    }

    /** billing's estimate for the organization: one EUR subscription of {@code app} with a flat fee, included requests and two tiers. */
    static void estimateAnswer(String org, String app, String plan) {
        String sub = java.util.UUID.randomUUID().toString();
        String api = admin().get("/admin/v1/plans/" + plan).then().statusCode(200).extract().path("apiId");
        String planName = admin().get("/admin/v1/plans/" + plan).then().statusCode(200).extract().path("name");
        RealManagement.billing.answer("/billing/v1/estimates", r -> BillingStandIn.Answer.json("""
                {"organizationId":"%1$s","period":"2026-12","estimate":true,"periodStart":"2026-11-30T23:00:00Z",
                 "periodEnd":"2026-12-31T23:00:00Z","asOf":"2026-12-07T10:15:00Z","pricesAsOf":"2026-12-07T10:15:00Z",
                 "ledgerPosition":42,"currencies":[{"currency":"EUR","subtotal":"61.8787","total":"61.88","subscriptions":[
                 {"subscriptionId":"%2$s","applicationId":"%3$s","planId":"%4$s","planName":"%6$s","apiId":"%5$s",
                  "billableRequests":1734,"includedRequests":1000,"flatFee":"59.90","subtotal":"61.8787","lines":[
                  {"lineNo":1,"kind":"flat_fee","subscriptionId":"%2$s","planId":"%4$s","apiId":"%5$s","description":"Flat fee",
                   "quantity":1,"unitPrice":"59.900000","perUnits":1,"amount":"59.9000"},
                  {"lineNo":2,"kind":"included","subscriptionId":"%2$s","planId":"%4$s","apiId":"%5$s",
                   "description":"Included requests (1000 of 1000 used)","quantity":1000,"unitPrice":"0.000000","perUnits":1,"amount":"0.0000"},
                  {"lineNo":3,"kind":"tier","subscriptionId":"%2$s","planId":"%4$s","apiId":"%5$s","tierIndex":0,
                   "description":"Overage requests 1–500 (tier 1) at 2.00 per 1000","quantity":500,"unitPrice":"2.000000","perUnits":1000,"amount":"1.0000"},
                  {"lineNo":4,"kind":"tier","subscriptionId":"%2$s","planId":"%4$s","apiId":"%5$s","tierIndex":1,
                   "description":"Overage requests above 500 (tier 2) at 1.333333 per 1000","quantity":234,"unitPrice":"1.333333","perUnits":1000,"amount":"0.9787"}]}]}]}
                """.formatted(org, sub, app, plan, api, planName)));
    }

    private static void billingAnswers() {
        RealManagement.billing.answer("/billing/v1/usage/timeseries", r -> {
            boolean day = "day".equals(r.query().get("granularity"));
            String first = day ? "2026-11-25T00:00:00Z" : "2026-11-25T10:00:00Z";
            String second = day ? "2026-11-26T00:00:00Z" : "2026-11-25T11:00:00Z";
            return BillingStandIn.Answer.json("""
                    {"granularity":"%s","from":"%s","to":"%s","points":[
                     {"bucketStart":"%s","requests":37,"billableRequests":32,"errors4xx":4,"errors5xx":1,"avgLatencyMs":8.5},
                     {"bucketStart":"%s","requests":0,"billableRequests":0,"errors4xx":0,"errors5xx":0,"avgLatencyMs":null}]}"""
                    .formatted(day ? "day" : "hour", first, second, first, second));
        });
        RealManagement.billing.answer("/billing/v1/usage/totals", r -> BillingStandIn.Answer.json(
                "{\"applicationId\":\"" + r.query().get("applicationId") + "\",\"planId\":\"" + r.query().get("planId")
                        + "\",\"from\":\"" + r.query().get("from") + "\",\"to\":\"" + r.query().get("to")
                        + "\",\"requests\":45,\"admitted\":42,\"billableRequests\":40}"));
    }

    private String publishedPlan() {
        String route = "/" + unique("usage");
        String api = admin().body(Map.of("name", "Weather " + route, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        return admin().body(Map.of("apiId", api, "name", "Starter " + route, "timeZone", "Europe/Berlin",
                        "limits", List.of(Map.of("kind", "quota", "maxRequests", 1000, "timeUnit", "day"))))
                .post("/admin/v1/plans").then().statusCode(201).extract().path("id");
    }

    /** Each time reads "2026-11-25 10:00 UTC" (no seconds, no nanoseconds) and carries the exact instant. */
    static void assertTimesReadableWithTheExactInstant(DomElement within) {
        List<DomElement> times = new ArrayList<>();
        within.getElementsByTagName("time").forEach(times::add);
        assertFalse(times.isEmpty(), within.asXml());
        for (DomElement time : times) {
            Instant exact = Instant.parse(time.getAttribute("datetime"));
            assertEquals(exact.toString(), time.getAttribute("title"), time.asXml());
            assertTrue(time.getTextContent().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC"), time.asXml());
        }
    }
}
