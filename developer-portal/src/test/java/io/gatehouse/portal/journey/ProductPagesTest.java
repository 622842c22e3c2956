package io.gatehouse.portal.journey;

import io.gatehouse.testing.BillingStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.gatehouse.portal.journey.Portal.admin;
import static io.gatehouse.portal.journey.Portal.createApplication;
import static io.gatehouse.portal.journey.Portal.logIn;
import static io.gatehouse.portal.journey.Portal.readyPartner;
import static io.gatehouse.portal.journey.Portal.subscribe;
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API products in the portal (issue 17, item 1): the products pages list each product with the APIs it bundles (what
 * it grants of each, in words) and its plans' prices, and a plan of several APIs is named by its product, never
 * "null", on the plan picker, the subscriptions table and the cancel confirmation. Data is made through the real
 * management service's admin API.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class ProductPagesTest extends PortalPageTest {

    private static final String BUNDLE_PRICE = "€9.90 / month, includes 10,000 requests, "
            + "then €0.50 per 1,000 requests";

    @Test
    void the_products_page_lists_each_product_with_its_apis_what_it_grants_and_its_plan_prices() throws Exception {
        Bundle b = bundle();
        HtmlPage page = browser.getPage(url(root, "/products"));
        assertEquals(200, page.getWebResponse().getStatusCode());

        String product = page.getHtmlElementById("product-" + b.product()).asNormalizedText();
        assertTrue(product.contains(b.name()), product);
        assertTrue(product.contains("Both the maps and the routes, one bill."), "the description is rendered: " + product);
        String whole = page.getHtmlElementById("product-" + b.product() + "-api-" + b.maps()).asNormalizedText();
        assertTrue(whole.contains("Maps " + b.tag()) && whole.contains("The whole API: every route and method."), whole);
        String restricted = page.getHtmlElementById("product-" + b.product() + "-api-" + b.routing()).asNormalizedText();
        assertTrue(restricted.contains("Every route, with GET and HEAD only."), restricted);
        String plan = page.getHtmlElementById("plan-" + b.plan()).asNormalizedText();
        assertTrue(plan.contains("Bundle") && plan.contains(BUNDLE_PRICE), plan);
        assertTrue(plan.contains("100 requests per minute."), plan);
        assertFalse(page.asNormalizedText().contains("null"), page.asNormalizedText());
    }

    @Test
    void the_catalog_and_the_menu_lead_to_the_products() throws Exception {
        HtmlPage catalog = browser.getPage(url(root, "/"));
        assertEquals("/products", catalog.getHtmlElementById("products-link").getAttribute("href"));
        HtmlAnchor menu = catalog.getFirstByXPath("//header//nav/a[@href='/products']");
        assertNotNull(menu, "the menu links to the products");
        assertEquals(200, ((HtmlPage) menu.click()).getWebResponse().getStatusCode());
    }

    @Test
    void a_product_page_links_each_api_to_its_documentation_and_tells_a_visitor_how_to_subscribe() throws Exception {
        Bundle b = bundle();
        HtmlPage page = browser.getPage(url(root, "/products/" + b.product()));
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertTrue(page.getTitleText().startsWith(b.name()), page.getTitleText());
        assertEquals("Every route, with GET and HEAD only.", page.getHtmlElementById("grant-" + b.routing()).asNormalizedText());
        assertEquals(BUNDLE_PRICE, page.getHtmlElementById("price-" + b.plan()).asNormalizedText());

        HtmlAnchor docs = page.getHtmlElementById("api-" + b.maps()).getFirstByXPath("a");
        HtmlPage mapsDocs = docs.click();
        assertEquals(200, mapsDocs.getWebResponse().getStatusCode());
        assertTrue(mapsDocs.asNormalizedText().contains("Maps " + b.tag()), mapsDocs.asNormalizedText());

        String subscribe = page.getHtmlElementById("subscribe-signed-out").asNormalizedText();
        assertTrue(subscribe.contains("Sign up") && subscribe.contains("log in"), subscribe);
    }

    @Test
    void an_unknown_product_or_a_malformed_id_is_the_not_found_page() throws Exception {
        for (String path : List.of("/products/" + java.util.UUID.randomUUID(), "/products/not-a-product")) {
            HtmlPage page = browser.getPage(url(root, path));
            assertEquals(404, page.getWebResponse().getStatusCode(), path);
            assertTrue(page.asNormalizedText().contains("Page not found"), page.asNormalizedText());
        }
    }

    @Test
    void a_partner_subscribes_from_the_product_page_and_every_page_names_the_product_not_null() throws Exception {
        Bundle b = bundle();
        String email = unique("bundle") + "@example.com";
        String session = readyPartner(email);
        String app = createApplication(session, "Trip planner");
        logIn(browser, root, email);

        HtmlPage product = browser.getPage(url(root, "/products/" + b.product()));
        HtmlAnchor subscribe = product.getHtmlElementById("subscribe-" + app + "-" + b.plan());
        HtmlPage detail = subscribe.click();
        assertEquals("/applications/" + app, detail.getUrl().getPath());
        assertEquals("plan-" + b.plan(), detail.getUrl().getRef(), "the link points at the plan in the picker");

        HtmlElement choice = (HtmlElement) detail.getElementById("plan-" + b.plan()).getParentNode();
        String picker = choice.asNormalizedText();
        assertTrue(picker.contains("the product " + b.name() + " — Bundle"), picker);
        assertTrue(picker.contains(BUNDLE_PRICE), picker);
        assertFalse(picker.contains("null"), picker);

        HtmlForm form = detail.getFirstByXPath("//form[@action='/applications/" + app + "/subscriptions']");
        ((HtmlRadioButtonInput) detail.getElementById("plan-" + b.plan())).setChecked(true);
        detail = ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
        assertEquals("/applications/" + app, detail.getUrl().getPath());
        HtmlElement row = detail.getFirstByXPath("//tr[starts-with(@id, 'subscription-')]");
        String subscription = row.asNormalizedText();
        assertTrue(subscription.contains("the product " + b.name()) && subscription.contains("Bundle")
                && subscription.contains("active"), subscription);
        assertFalse(subscription.contains("null"), subscription);
        HtmlAnchor toProduct = row.getFirstByXPath(".//a[@href='/products/" + b.product() + "']");
        assertNotNull(toProduct, "the subscription links to its product's page: " + row.asXml());

        HtmlAnchor cancel = row.getFirstByXPath(".//a[starts-with(@id, 'cancel-')]");
        String confirm = ((HtmlPage) cancel.click()).asNormalizedText();
        assertTrue(confirm.contains("Cancel the subscription to the product " + b.name() + " (plan Bundle)?"), confirm);
        assertFalse(confirm.contains("null"), confirm);

        HtmlAnchor change = row.getFirstByXPath(".//a[starts-with(@id, 'change-plan-')]");
        HtmlPage changePage = change.click();
        assertEquals(200, changePage.getWebResponse().getStatusCode());
        assertTrue(changePage.asNormalizedText().contains("Change the plan of the product " + b.name()),
                changePage.asNormalizedText());

        HtmlPage again = browser.getPage(url(root, "/applications/" + app));
        again = submitPlan(again, app, b.plan());
        assertEquals(409, again.getWebResponse().getStatusCode());
        String existing = again.getHtmlElementById("existing-subscription").asNormalizedText();
        assertTrue(existing.contains("is on plan Bundle of the product " + b.name()), existing);
    }

    @Test
    void the_usage_page_names_a_subscription_of_several_apis_by_its_product_in_the_quota_table() throws Exception {
        Bundle b = bundle();
        String email = unique("bundleusage") + "@example.com";
        String session = readyPartner(email);
        String app = createApplication(session, "Trip planner");
        subscribe(session, app, b.plan());
        RealManagement.billing.answer("/billing/v1/usage/timeseries", r -> BillingStandIn.Answer.json(
                "{\"granularity\":\"" + r.query().get("granularity") + "\",\"from\":\"2026-11-25T00:00:00Z\","
                        + "\"to\":\"2026-11-26T00:00:00Z\",\"points\":[]}"));
        RealManagement.billing.answer("/billing/v1/usage/totals", r -> BillingStandIn.Answer.json(
                "{\"applicationId\":\"" + r.query().get("applicationId") + "\",\"planId\":\"" + r.query().get("planId")
                        + "\",\"from\":\"" + r.query().get("from") + "\",\"to\":\"" + r.query().get("to")
                        + "\",\"requests\":0,\"admitted\":0,\"billableRequests\":0}"));
        logIn(browser, root, email);

        HtmlPage usage = browser.getPage(url(root, "/applications/" + app + "/usage"));
        assertEquals(200, usage.getWebResponse().getStatusCode(), usage.asNormalizedText());
        HtmlElement quotas = usage.getHtmlElementById("quotas");
        String table = quotas.asNormalizedText();
        assertTrue(table.contains("the product " + b.name()) && table.contains("Bundle"), table);
        assertFalse(table.contains("Maps " + b.tag()) || table.contains("Routing " + b.tag()),
                "not named by the product's first API: " + table);
        assertFalse(table.contains("null"), table);
        assertNotNull(quotas.getFirstByXPath(".//a[@href='/products/" + b.product() + "']"), quotas.asXml());
    }

    @Test
    void a_partner_without_applications_is_told_to_create_one_to_subscribe() throws Exception {
        Bundle b = bundle();
        String email = unique("noapps") + "@example.com";
        readyPartner(email);
        logIn(browser, root, email);
        HtmlPage page = browser.getPage(url(root, "/products/" + b.product()));
        assertEquals("/applications/new", page.getHtmlElementById("create-app").getAttribute("href"));
    }

    private static HtmlPage submitPlan(HtmlPage page, String app, String plan) throws Exception {
        HtmlForm form = page.getFirstByXPath("//form[@action='/applications/" + app + "/subscriptions']");
        ((HtmlRadioButtonInput) page.getElementById("plan-" + plan)).setChecked(true);
        return ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
    }

    /** A product of two published APIs (Maps whole, Routing with GET and HEAD only) with a €9.90 plan. */
    private record Bundle(String tag, String name, String product, String maps, String routing, String plan) {
    }

    private static Bundle bundle() {
        String tag = unique("b");
        String maps = api("Maps " + tag, "/maps-" + tag);
        String routing = api("Routing " + tag, "/routing-" + tag);
        String name = "Travel bundle " + tag;
        String product = admin().body(Map.of("name", name, "description", "Both the **maps** and the routes, one bill."))
                .post("/admin/v1/products").then().statusCode(201).extract().path("id");
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + maps).then().statusCode(200);
        admin().body(Map.of("methods", List.of("GET", "HEAD")))
                .put("/admin/v1/products/" + product + "/apis/" + routing).then().statusCode(200);
        Map<String, Object> plan = new HashMap<>(Map.of("name", "Bundle", "currency", "EUR", "flatFee", "9.90",
                "includedRequests", 10_000, "overageModel", "tiered", "timeZone", "Europe/Berlin",
                "priceTiers", List.of(Map.of("unitPrice", "0.50", "perUnits", 1000)),
                "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"))));
        String planId = admin().body(plan).post("/admin/v1/products/" + product + "/plans").then().statusCode(201)
                .extract().path("id");
        return new Bundle(tag, name, product, maps, routing, planId);
    }

    private static String api(String name, String route) {
        return admin().body(Map.of("name", name, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
    }
}
