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
