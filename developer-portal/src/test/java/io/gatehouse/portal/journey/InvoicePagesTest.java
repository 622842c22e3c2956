package io.gatehouse.portal.journey;

import io.gatehouse.testing.BillingStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import static io.gatehouse.portal.journey.Portal.createApplication;
import static io.gatehouse.portal.journey.Portal.logIn;
import static io.gatehouse.portal.journey.Portal.readyPartner;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static io.gatehouse.portal.journey.UsagePageTest.assertTimesReadableWithTheExactInstant;
import static io.gatehouse.portal.journey.UsagePageTest.org;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The organization's invoices and charges ({@code /invoices}, {@code /invoices/{id}}, {@code /invoices/{id}.csv})
 * against the real management service (a process) reading billing from a {@link BillingStandIn}: the list with the
 * month's estimate, the printable invoice, the CSV download, the empty state, another organization's invoice, and
 * billing away.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class InvoicePagesTest extends PortalPageTest {

    @Test
    void a_partner_lists_views_prints_and_downloads_its_invoices() throws Exception {
        String email = unique("invoices") + "@example.com";
        String app = createApplication(readyPartner(email), "Billing app");
        String org = org(app);
        String invoice = UUID.randomUUID().toString();
        RealManagement.billing.answer("/billing/v1/invoices", r -> BillingStandIn.Answer.json(
                "{\"items\":[" + invoice(invoice, org, null) + "]}"));
        RealManagement.billing.answer("/billing/v1/invoices/" + invoice, r -> BillingStandIn.Answer.json(invoice(invoice, org, LINES)));

        logIn(browser, root, email);
        HtmlPage dashboard = browser.getPage(url(root, "/dashboard"));
        HtmlPage list = dashboard.getAnchorByHref("/invoices").click();
        assertEquals(200, list.getWebResponse().getStatusCode(), list.asNormalizedText());
        String table = list.getHtmlElementById("invoices").asNormalizedText();
        String number = "2026-11-" + invoice.substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        assertTrue(table.contains(number) && table.contains("2026-11") && table.contains("issued") && table.contains("€61.88")
                && table.contains("2026-12-01 01:00 UTC"), table);
        assertTimesReadableWithTheExactInstant(list.getHtmlElementById("invoices"));
        assertTrue(list.getHtmlElementById("estimate").asNormalizedText().contains("estimate, not an invoice"));
        assertEquals(org, RealManagement.billing.requests("/billing/v1/invoices").get(0).query().get("organization"));

        HtmlPage view = ((HtmlAnchor) list.getFirstByXPath("//a[@class='view']")).click();
        assertEquals(200, view.getWebResponse().getStatusCode(), view.asNormalizedText());
        String lines = view.getHtmlElementById("lines").asNormalizedText();
        assertTrue(lines.contains("Flat fee") && lines.contains("€49.90") && lines.contains("734")
                && lines.contains("€1.333333 per 1,000") && lines.contains("€0.9787"), lines);
        assertEquals("€61.88", view.getHtmlElementById("invoice-total").asNormalizedText());
        assertTrue(view.asNormalizedText().contains("Invoice " + number));
        String html = view.getWebResponse().getContentAsString();
        assertFalse(html.contains("<script>") || html.contains("style="), "no inline script or style under the CSP");

        Page csv = browser.getPage(url(root, "/invoices/" + invoice + ".csv"));
        assertEquals(200, csv.getWebResponse().getStatusCode());
        assertTrue(csv.getWebResponse().getContentType().startsWith("text/csv"), csv.getWebResponse().getContentType());
        assertEquals("attachment; filename=\"invoice-" + number + ".csv\"",
                csv.getWebResponse().getResponseHeaderValue("Content-Disposition"));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.getWebResponse().getContentAsString())).getRecords();
        assertEquals(5, rows.size(), csv.getWebResponse().getContentAsString());
        assertEquals("flat_fee", rows.get(0).get("kind"));
        assertEquals("0.9787", rows.get(1).get("amount"));
        assertEquals("1.333333", rows.get(1).get("unit_price"));
        assertEquals("#subtotal", rows.get(3).get("invoice_number"));
        assertEquals("61.8786", rows.get(3).get("amount"));
        assertEquals("#total", rows.get(4).get("invoice_number"));
        assertEquals("61.88", rows.get(4).get("amount"));
    }

    @Test
    void another_organizations_invoice_is_not_found_whether_viewed_or_downloaded() throws Exception {
        String email = unique("guesser") + "@example.com";
        readyPartner(email);
        String theirs = UUID.randomUUID().toString();
        RealManagement.billing.answer("/billing/v1/invoices/" + theirs, r -> BillingStandIn.Answer.json(
                invoice(theirs, UUID.randomUUID().toString(), LINES)));
        logIn(browser, root, email);
        HtmlPage page = browser.getPage(url(root, "/invoices/" + theirs));
        assertEquals(404, page.getWebResponse().getStatusCode());
        assertFalse(page.asNormalizedText().contains("61.88"), page.asNormalizedText());
        Page csv = browser.getPage(url(root, "/invoices/" + theirs + ".csv"));
        assertEquals(404, csv.getWebResponse().getStatusCode());
        assertFalse(csv.getWebResponse().getContentAsString().contains("61.88"));
        assertEquals(404, browser.getPage(url(root, "/invoices/" + UUID.randomUUID())).getWebResponse().getStatusCode());
        assertEquals(2, RealManagement.billing.requests("/billing/v1/invoices/" + theirs).size(),
                "management asked billing and refused to pass another organization's invoice on");
    }

    @Test
    void without_invoices_the_page_says_when_the_first_comes_and_billing_away_is_explained() throws Exception {
        String email = unique("newcomer") + "@example.com";
        readyPartner(email);
        logIn(browser, root, email);
        HtmlPage empty = browser.getPage(url(root, "/invoices"));
        assertEquals(200, empty.getWebResponse().getStatusCode());
        assertTrue(empty.getHtmlElementById("no-invoices").asNormalizedText().contains("shortly after the month ends"));
        assertTrue(empty.getHtmlElementById("estimate-empty").asNormalizedText().contains("Subscribe an application"));

        RealManagement.billing.down();
        HtmlPage away = browser.getPage(url(root, "/invoices"));
        assertEquals(503, away.getWebResponse().getStatusCode());
        assertTrue(away.getHtmlElementById("billing-unavailable").asNormalizedText().contains("cannot be reached"));
        assertEquals(503, browser.getPage(url(root, "/invoices/" + UUID.randomUUID() + ".csv")).getWebResponse().getStatusCode());
    }

    @Test
    void signed_out_the_invoice_pages_go_to_the_login_page() throws Exception {
        for (String path : List.of("/invoices", "/invoices/" + UUID.randomUUID(), "/invoices/" + UUID.randomUUID() + ".csv")) {
            HtmlPage page = browser.getPage(url(root, path));
            assertTrue(page.getUrl().getPath().startsWith("/login"), path + " → " + page.getUrl());
        }
        assertTrue(RealManagement.billing.requests().isEmpty());
    }

    private static final String LINES = """
            [{"lineNo":1,"kind":"flat_fee","description":"Metered: Flat fee","quantity":1,"unitPrice":"49.900000","perUnits":1,"amount":"49.9000"},
             {"lineNo":2,"kind":"tier","description":"Metered: Overage requests above 500 (tier 2)","quantity":734,
              "unitPrice":"1.333333","perUnits":1000,"amount":"0.9787"},
             {"lineNo":3,"kind":"flat_fee","description":"Basic: Flat fee","quantity":1,"unitPrice":"10.999900","perUnits":1,"amount":"10.9999"}]""";

    private static String invoice(String id, String org, String lines) {
        return "{\"id\":\"" + id + "\",\"organizationId\":\"" + org + "\",\"period\":\"2026-11\",\"currency\":\"EUR\","
                + "\"status\":\"issued\",\"subtotal\":\"61.8786\",\"total\":\"61.88\",\"checksum\":\"abc\","
                + "\"issuedAt\":\"2026-12-01T01:00:00Z\",\"lineCount\":3" + (lines == null ? "" : ",\"lines\":" + lines) + "}";
    }
}
