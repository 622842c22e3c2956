package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
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
import static io.gatehouse.portal.journey.Portal.unique;
import static io.gatehouse.portal.journey.Portal.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prices where a partner decides: the catalog, the API's page and the plan picker show each plan's flat fee,
 * what it includes, its overage tiers and its limits in words, read from the real management service.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class PlanPricesPagesTest extends PortalPageTest {

    private static final String GROWTH_PRICE = "€9.90 / month, includes 10,000 requests, "
            + "then €0.50 per 1,000 requests up to 100,000, then €0.30 per 1,000 requests beyond";
    private static final String LIMITS = "100 requests per minute, 100,000 per month.";

    @Test
    void the_catalog_shows_each_plans_price_tiers_and_limits_in_words() throws Exception {
        PricedApi api = pricedApi();
        HtmlPage catalog = browser.getPage(url(root, "/"));
        assertEquals(200, catalog.getWebResponse().getStatusCode());

        String growth = catalog.getHtmlElementById("plan-" + api.growth()).asNormalizedText();
        assertTrue(growth.contains("Growth"), growth);
        assertTrue(growth.contains(GROWTH_PRICE), growth);
        assertTrue(growth.contains(LIMITS), growth);
        assertTrue(growth.contains("Only 2xx and 3xx responses count toward the price."), growth);
        String hobby = catalog.getHtmlElementById("plan-" + api.hobby()).asNormalizedText();
        assertTrue(hobby.contains("Hobby") && hobby.contains("Free"), hobby);
        assertTrue(hobby.contains("10 requests per second, 1,000 per day."), hobby);
        assertFalse(catalog.asXml().contains("Negotiated"), "a private plan is never listed");
    }

    @Test
    void the_api_page_shows_each_plans_price_tiers_and_limits_in_words() throws Exception {
        PricedApi api = pricedApi();
        HtmlPage page = browser.getPage(url(root, "/apis/" + api.slug() + "/" + api.version()));
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());

        String plans = page.getHtmlElementById("plans").asNormalizedText();
        assertTrue(plans.contains("Plans and prices"), plans);
        String growth = page.getHtmlElementById("plan-" + api.growth()).asNormalizedText();
        assertTrue(growth.contains(GROWTH_PRICE) && growth.contains(LIMITS), growth);
        assertTrue(growth.contains("For teams that grow."), growth);
        assertEquals("Free", page.getHtmlElementById("price-" + api.hobby()).asNormalizedText());
    }

    @Test
    void the_plan_picker_shows_each_plans_price_and_subscribes_to_the_chosen_one() throws Exception {
        PricedApi api = pricedApi();
        String email = unique("prices") + "@example.com";
        String session = readyPartner(email);
        String app = createApplication(session, "Checkout");
        logIn(browser, root, email);

        HtmlPage page = browser.getPage(url(root, "/applications/" + app));
        HtmlElement growthChoice = (HtmlElement) page.getElementById("plan-" + api.growth()).getParentNode();
        String growth = growthChoice.asNormalizedText();
        assertTrue(growth.contains(GROWTH_PRICE) && growth.contains(LIMITS), growth);
        assertTrue(growth.contains("The month quota resets on the 1st of each month at 00:00 Europe/Berlin."), growth);
        String hobby = ((HtmlElement) page.getElementById("plan-" + api.hobby()).getParentNode()).asNormalizedText();
        assertTrue(hobby.contains("Free"), hobby);

        HtmlForm form = page.getFirstByXPath("//form[@action='/applications/" + app + "/subscriptions']");
        ((HtmlRadioButtonInput) page.getElementById("plan-" + api.growth())).setChecked(true);
        page = ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
        assertEquals("/applications/" + app, page.getUrl().getPath());
        HtmlElement subscription = page.getFirstByXPath("//tr[starts-with(@id, 'subscription-')]");
        assertTrue(subscription.asNormalizedText().contains("Growth") && subscription.asNormalizedText().contains("active"),
                page.asNormalizedText());
    }

    /** An API and its ids, with a €9.90 tiered plan (Growth), a free one (Hobby) and a private one (Negotiated). */
    private record PricedApi(String slug, String version, String growth, String hobby) {
    }

    private static PricedApi pricedApi() {
        String route = "/" + unique("prices");
        JsonPath api = admin().body(Map.of("name", "Priced " + route, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().jsonPath();
        String id = api.getString("id");
        Map<String, Object> growth = new HashMap<>(Map.of("currency", "EUR", "flatFee", "9.90",
                "includedRequests", 10_000, "overageModel", "tiered", "billableStatusClasses", "2xx,3xx",
                "description", "For teams that grow.",
                "priceTiers", List.of(Map.of("upTo", 90_000, "unitPrice", "0.50", "perUnits", 1000),
                        Map.of("unitPrice", "0.30", "perUnits", 1000)),
                "limits", List.of(Map.of("kind", "quota", "maxRequests", 100_000, "timeUnit", "month"),
                        Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"))));
        Map<String, Object> hobby = Map.of("limits", List.of(Map.of("kind", "rate", "maxRequests", 10, "timeUnit", "second"),
                Map.of("kind", "quota", "maxRequests", 1000, "timeUnit", "day")));
        Map<String, Object> negotiated = new HashMap<>(growth);
        negotiated.put("visibility", "private");
        String growthId = plan(id, "Growth", growth);
        String hobbyId = plan(id, "Hobby", hobby);
        plan(id, "Negotiated", negotiated);
        return new PricedApi(api.getString("slug"), api.getString("version"), growthId, hobbyId);
    }

    private static String plan(String api, String name, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("apiId", api);
        body.put("name", name);
        body.put("timeZone", "Europe/Berlin");
        return admin().body(body).post("/admin/v1/plans").then().statusCode(201).extract().path("id");
    }
}
