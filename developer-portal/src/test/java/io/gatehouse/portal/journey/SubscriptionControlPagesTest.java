package io.gatehouse.portal.journey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, item 3 in the portal: a partner cancels a subscription after a confirmation that says when it takes
 * effect, changes its plan on a page that states the billing rule first, and, subscribing twice, is offered both.
 * Against the real management service; every form post answers 303 to the application's page.
 */
@QuarkusTest
@QuarkusTestResource(value = RealManagement.class, restrictToAnnotatedClass = true)
class SubscriptionControlPagesTest extends PortalPageTest {

    @Test
    void cancelling_asks_first_says_it_takes_effect_at_once_and_lands_on_the_application_page() throws Exception {
        Plans plans = plans();
        String app = subscribedApplication(plans.starter());

        HtmlPage page = browser.getPage(url(root, "/applications/" + app));
        HtmlAnchor cancel = page.getFirstByXPath("//a[starts-with(@id, 'cancel-')]");
        HtmlPage confirm = cancel.click();
        assertEquals(200, confirm.getWebResponse().getStatusCode());
        String asked = confirm.asNormalizedText();
        assertTrue(asked.contains("Cancel the subscription to " + plans.apiName() + " v1 (plan Starter)?"), asked);
        assertTrue(asked.contains("Cancelling takes effect at once"), asked);
        assertTrue(asked.contains("The flat fee of the current month is still owed in full; no later month is billed."), asked);
        // The Cancel link of the question goes back without cancelling anything.
        HtmlPage back = ((HtmlAnchor) confirm.getElementById("cancel")).click();
        assertEquals("/applications/" + app, back.getUrl().getPath());
        assertTrue(row(back).contains("active"), row(back));

        confirm = cancel.click();
        HtmlPage after = ((HtmlButton) confirm.getFirstByXPath("//form[contains(@action, '/cancel')]//button")).click();
        assertEquals("/applications/" + app, after.getUrl().getPath(), "post/redirect/get to the application");
        assertTrue(row(after).contains("cancelled"), row(after));
        assertNull(after.getFirstByXPath("//a[starts-with(@id, 'cancel-')]"), "nothing left to cancel");
        assertNull(after.getFirstByXPath("//a[starts-with(@id, 'change-plan-')]"));
    }

    @Test
    void the_change_plan_page_states_the_billing_rule_and_the_new_plan_applies_at_once() throws Exception {
        Plans plans = plans();
        String app = subscribedApplication(plans.starter());

        HtmlPage page = browser.getPage(url(root, "/applications/" + app));
        HtmlPage change = ((HtmlAnchor) page.getFirstByXPath("//a[starts-with(@id, 'change-plan-')]")).click();
        assertEquals(200, change.getWebResponse().getStatusCode());
        String rule = change.getHtmlElementById("billing-rule").asNormalizedText();
        assertTrue(rule.contains("The new plan applies from the moment you confirm"), rule);
        assertTrue(rule.contains("for the share of the month it was in force (prorated by time)"), rule);
        assertTrue(rule.contains("until then Starter stays in force"), rule);
        String choices = change.asNormalizedText();
        assertTrue(choices.contains("Pro") && choices.contains("€30.00 / month"), choices);
        assertTrue(choices.contains("Enterprise") && choices.contains("needs approval"), choices);

        HtmlForm form = change.getFirstByXPath("//form[contains(@action, '/plan')]");
        HtmlPage refused = ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
        assertEquals(400, refused.getWebResponse().getStatusCode());
        assertTrue(refused.asNormalizedText().contains("Choose the plan to change to."), refused.asNormalizedText());

        form = refused.getFirstByXPath("//form[contains(@action, '/plan')]");
        ((HtmlRadioButtonInput) refused.getElementById("plan-" + plans.pro())).setChecked(true);
        HtmlPage after = ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
        assertEquals("/applications/" + app, after.getUrl().getPath());
        assertTrue(row(after).contains("Pro") && row(after).contains("1,000 requests per minute"), row(after));
    }

    @Test
    void a_change_to_a_plan_that_needs_approval_shows_it_waiting_with_the_old_plan_in_force() throws Exception {
        Plans plans = plans();
        String app = subscribedApplication(plans.starter());

        HtmlPage change = browser.getPage(url(root, "/applications/" + app));
        change = ((HtmlAnchor) change.getFirstByXPath("//a[starts-with(@id, 'change-plan-')]")).click();
        ((HtmlRadioButtonInput) change.getElementById("plan-" + plans.enterprise())).setChecked(true);
        HtmlPage after = ((HtmlButton) change.getFirstByXPath("//form[contains(@action, '/plan')]//button[@type='submit']")).click();

        assertEquals("/applications/" + app, after.getUrl().getPath());
        String row = row(after);
        assertTrue(row.contains("Change to Enterprise waits for approval"), row);
        assertTrue(row.contains("Starter stays in force until then"), row);
        assertTrue(row.contains("10 requests per minute"), "the old limits hold: " + row);
    }

    @Test
    void subscribing_twice_names_the_subscription_and_offers_to_change_its_plan_or_cancel_it() throws Exception {
        Plans plans = plans();
        String app = subscribedApplication(plans.starter());

        HtmlPage page = browser.getPage(url(root, "/applications/" + app));
        ((HtmlRadioButtonInput) page.getElementById("plan-" + plans.pro())).setChecked(true);
        HtmlPage refused = ((HtmlButton) page.getFirstByXPath(
                "//form[@action='/applications/" + app + "/subscriptions']//button[@type='submit']")).click();

        assertEquals(409, refused.getWebResponse().getStatusCode());
        String text = refused.asNormalizedText();
        assertTrue(text.contains("Checkout already has a subscription to " + plans.apiName() + " v1 (plan Starter, active)."), text);
        assertTrue(!text.contains(app), "no raw ids: " + text);
        HtmlPage change = ((HtmlAnchor) refused.getElementById("existing-change-plan")).click();
        assertEquals(200, change.getWebResponse().getStatusCode());
        assertTrue(change.asNormalizedText().contains("Change the plan of " + plans.apiName()), change.asNormalizedText());
        HtmlPage cancel = ((HtmlAnchor) refused.getElementById("existing-cancel")).click();
        assertTrue(cancel.asNormalizedText().contains("Cancel the subscription to " + plans.apiName()), cancel.asNormalizedText());
    }

    // ---- set-up ----

    /** An API with Starter (free, 10/min), Pro (€30.00, 1,000/min) and Enterprise (needs approval). */
    private record Plans(String apiName, String starter, String pro, String enterprise) {
    }

    private static Plans plans() {
        String route = "/" + unique("control");
        String apiName = "Weather " + route;
        String api = admin().body(Map.of("name", apiName, "lifecycle", "published", "routePath", route,
                        "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        return new Plans(apiName, plan(api, "Starter", 10, "0", false), plan(api, "Pro", 1000, "30.00", false),
                plan(api, "Enterprise", 5000, "90.00", true));
    }

    private static String plan(String api, String name, int perMinute, String flatFee, boolean approval) {
        Map<String, Object> body = new HashMap<>(Map.of("apiId", api, "name", name, "timeZone", "UTC",
                "currency", "EUR", "flatFee", flatFee, "approvalRequired", approval,
                "limits", List.of(Map.of("kind", "rate", "maxRequests", perMinute, "timeUnit", "minute"))));
        return admin().body(body).post("/admin/v1/plans").then().statusCode(201).extract().path("id");
    }

    /** A ready partner logged in in the browser, with an application Checkout subscribed to {@code plan}; its id. */
    private String subscribedApplication(String plan) throws Exception {
        String email = unique("control") + "@example.com";
        String session = readyPartner(email);
        String app = createApplication(session, "Checkout");
        subscribe(session, app, plan);
        logIn(browser, root, email);
        return app;
    }

    private static String row(HtmlPage page) {
        return ((org.htmlunit.html.HtmlElement) page.getFirstByXPath("//tr[starts-with(@id, 'subscription-')]"))
                .asNormalizedText();
    }
}
