package io.gatehouse.management.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.console.ConsoleBrowser.open;
import static io.gatehouse.management.console.ConsoleBrowser.signIn;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Products in the console (HtmlUnit, signed in as alice, a platform admin): create one, grant two APIs (one restricted
 * to a route and a method), remove one after a confirmation page, and create a plan of the product; each POST answered
 * with 303 to a GET.
 */
@QuarkusTest
class ConsoleProductsTest {

    @TestHTTPResource("/")
    java.net.URL base;

    @Test
    void an_admin_creates_a_product_grants_two_apis_removes_one_after_confirming_and_adds_a_plan() throws Exception {
        String ordersName = unique("Console orders");
        String orders = create("/admin/v1/apis", Map.of("name", ordersName, "lifecycle", "published",
                "routePath", "/" + unique("co"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String stockName = unique("Console stock");
        String stockPrefix = "/" + unique("cs");
        String stock = create("/admin/v1/apis", Map.of("name", stockName, "lifecycle", "published",
                "routePath", stockPrefix, "upstreamUrl", "http://127.0.0.1:9/a"));
        String stockRoute = admin().get("/admin/v1/apis/" + stock).then().extract().path("routes[0].id");
        String name = unique("Console commerce");
        try (WebClient browser = open()) {
            HtmlPage list = signIn(browser, base, "console/products");
            HtmlForm form = list.getHtmlElementById("product-form");
            form.getInputByName("name").setValue(name);
            form.getTextAreaByName("description").setText("Orders and stock");
            HtmlPage detail = list.<HtmlButton>getHtmlElementById("create-product").click();
            assertEquals(200, detail.getWebResponse().getStatusCode(), detail.asNormalizedText());
            assertTrue(detail.getUrl().getPath().startsWith("/console/products/"), detail.getUrl().toString());
            String product = detail.getUrl().getPath().substring("/console/products/".length());
            assertTrue(detail.getHtmlElementById("grants").asNormalizedText().contains("grants no API yet"));

            detail = grant(detail, orders, false);
            detail = grant(detail, stock, true);
            admin().get("/admin/v1/products/" + product).then().statusCode(200)
                    .body("name", equalTo(name))
                    .body("apis", hasSize(2))
                    .body("apis.find { it.apiId == '" + stock + "' }.routeIds", equalTo(List.of(stockRoute)))
                    .body("apis.find { it.apiId == '" + stock + "' }.methods", equalTo(List.of("GET")))
                    .body("apis.find { it.apiId == '" + orders + "' }.methods", hasSize(0));
            String table = detail.getHtmlElementById("grants").asNormalizedText();
            assertTrue(table.contains(ordersName) && table.contains(stockName) && table.contains("1 route(s)"), table);

            HtmlPage confirm = detail.getAnchorByHref("/console/products/" + product + "/apis/" + orders + "/remove").click();
            assertTrue(confirm.asNormalizedText().contains("Remove " + ordersName), confirm.asNormalizedText());
            admin().get("/admin/v1/products/" + product).then().body("apis", hasSize(2));
            detail = confirm.<HtmlButton>getHtmlElementById("confirm-remove").click();
            assertEquals("/console/products/" + product, detail.getUrl().getPath());
            admin().get("/admin/v1/products/" + product).then().body("apis", hasSize(1))
                    .body("apis[0].apiId", equalTo(stock));

            HtmlPage planForm = browser.getPage(new java.net.URL(base, "console/plans/new?productId=" + product));
            planForm.<HtmlForm>getHtmlElementById("plan-form").getInputByName("name").setValue("Console bundle");
            HtmlPage plan = planForm.<HtmlButton>getHtmlElementById("create-plan").click();
            assertEquals(200, plan.getWebResponse().getStatusCode(), plan.asNormalizedText());
            String planId = plan.getUrl().getPath().substring("/console/plans/".length());
            admin().get("/admin/v1/plans/" + planId).then().body("productId", equalTo(product))
                    .body("apiId", equalTo(stock));
            assertTrue(plan.asNormalizedText().contains("Plan of " + stockName), plan.asNormalizedText());
            HtmlPage back = browser.getPage(new java.net.URL(base, "console/products/" + product));
            assertTrue(back.getHtmlElementById("plans").asNormalizedText().contains("Console bundle"));
        }
    }

    @Test
    void a_subscription_of_a_product_of_two_apis_is_named_by_its_product_on_the_partner_and_subscription_pages() throws Exception {
        String ordersName = unique("Listed orders");
        String orders = create("/admin/v1/apis", Map.of("name", ordersName, "lifecycle", "published",
                "routePath", "/" + unique("lo"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String stockName = unique("Listed stock");
        String stock = create("/admin/v1/apis", Map.of("name", stockName, "lifecycle", "published",
                "routePath", "/" + unique("ls"), "upstreamUrl", "http://127.0.0.1:9/a"));
        String name = unique("Listed commerce");
        String product = create("/admin/v1/products", Map.of("name", name));
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + orders).then().statusCode(200);
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + stock).then().statusCode(200);
        String plan = admin().body(Map.of("name", "Listed bundle", "approvalRequired", true))
                .post("/admin/v1/products/" + product + "/plans").then().statusCode(201).extract().path("id");
        String org = create("/admin/v1/organizations", Map.of("name", unique("Listed org")));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Shop"));
        String sub = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan, "status", "pending"));
        String apis = List.of(ordersName, stockName).stream().sorted(String.CASE_INSENSITIVE_ORDER)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        try (WebClient browser = open()) {
            HtmlPage partners = signIn(browser, base, "console/partners");
            assertNamesTheProduct(partners.getHtmlElementById("pending-" + sub), product, name, apis);

            HtmlPage listed = browser.getPage(new java.net.URL(base, "console/subscriptions?q="
                    + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)));
            assertNamesTheProduct(listed.getHtmlElementById("subscription-" + sub), product, name, apis);

            HtmlPage organization = browser.getPage(new java.net.URL(base, "console/partners/" + org));
            assertNamesTheProduct(organization.getHtmlElementById("subscription-" + sub), product, name, apis);
        }
    }

    /** The row names the product and its APIs, links the product's page, and its confirmations name the product. */
    private static void assertNamesTheProduct(org.htmlunit.html.HtmlElement row, String product, String name,
                                              String apis) {
        String text = row.asNormalizedText();
        assertTrue(text.contains(name) && text.contains("product of " + apis), text);
        assertTrue(row.getFirstByXPath(".//a[@href='/console/products/" + product + "']") != null, row.asXml());
        List<org.htmlunit.html.HtmlElement> confirms = row.getByXPath(".//button[@data-confirm]");
        assertTrue(!confirms.isEmpty(), row.asXml());
        for (org.htmlunit.html.HtmlElement b : confirms) {
            assertTrue(b.getAttribute("data-confirm").contains(" to the product " + name + "?"), b.getAttribute("data-confirm"));
        }
    }

    /** Chooses the API on the product page, ticks its first route and GET when {@code restricted}, saves. */
    private static HtmlPage grant(HtmlPage detail, String api, boolean restricted) throws Exception {
        HtmlSelect select = detail.getHtmlElementById("apiId");
        select.setSelectedAttribute(api, true);
        HtmlPage form = detail.<HtmlButton>getHtmlElementById("choose-api").click();
        assertEquals(200, form.getWebResponse().getStatusCode(), form.asNormalizedText());
        if (restricted) {
            form.getHtmlElementById("route-0").click();
            form.getHtmlElementById("method-GET").click();
        }
        HtmlPage saved = form.<HtmlButton>getHtmlElementById("save-grant").click();
        assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
        return saved;
    }
}
