package io.gatehouse.management.console;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static io.gatehouse.management.console.ConsoleBrowser.forgedPost;
import static io.gatehouse.management.console.ConsoleBrowser.open;
import static io.gatehouse.management.console.ConsoleBrowser.signIn;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's partner work (issue 11, point 3): organizations, applications, keys shown once, subscriptions by
 * name, the home page, the plan price preview, pagination and confirmations. HtmlUnit without JavaScript, signed in
 * as "alice" (platform admin), and forged posts under {@code @TestSecurity} for the roles.
 */
@QuarkusTest
class ConsolePartnersKeysTest {

    @jakarta.inject.Inject
    io.gatehouse.management.subscriptions.SubscriptionService subscriptions;

    @TestHTTPResource("/")
    URL base;

    @Test
    void an_admin_creates_an_organization_renames_it_adds_an_application_and_sees_its_new_key_exactly_once() throws Exception {
        String name = unique("Globex");
        try (WebClient browser = open()) {
            HtmlPage partners = signIn(browser, base, "console/partners");
            HtmlForm orgForm = partners.getHtmlElementById("organization-form");
            orgForm.getInputByName("name").setValue(name);
            HtmlPage org = click(partners, "create-organization");
            assertEquals(200, org.getWebResponse().getStatusCode(), org.asNormalizedText());
            assertEquals(name, text(org, "org-name"));
            String orgId = org.getUrl().getPath().substring("/console/partners/".length());
            admin().get("/admin/v1/organizations/" + orgId).then().body("status", equalTo("active"));

            org.<HtmlForm>getHtmlElementById("rename-form").getInputByName("name").setValue(name + " Corp");
            HtmlPage renamed = click(org, "rename");
            assertEquals("/console/partners/" + orgId, renamed.getUrl().getPath());
            assertEquals(name + " Corp", text(renamed, "org-name"));

            HtmlForm appForm = renamed.getHtmlElementById("application-form");
            appForm.getInputByName("name").setValue("Billing bot");
            appForm.getTextAreaByName("description").setText("Pulls invoices nightly.");
            HtmlPage withApp = click(renamed, "create-application");
            String appId = admin().get("/admin/v1/applications?organizationId=" + orgId).then().statusCode(200)
                    .body("items", hasSize(1)).extract().path("items[0].id");
            assertTrue(text(withApp, "app-" + appId).contains("Billing bot"));

            withApp.<HtmlForm>getHtmlElementById("app-" + appId + "-issue-form").getInputByName("name").setValue("nightly");
            HtmlPage shown = click(withApp, "app-" + appId + "-issue-key");
            assertEquals(200, shown.getWebResponse().getStatusCode(), shown.asNormalizedText());
            assertTrue(shown.getUrl().getPath().startsWith("/console/keys/new/"), shown.getUrl().toString());
            assertEquals("no-store", shown.getWebResponse().getResponseHeaderValue("Cache-Control"));
            String key = text(shown, "new-key");
            assertTrue(key.matches("gh_[A-Za-z0-9]{40}"), key);
            assertTrue(text(shown, "once").contains("shown only this once"));

            // The key is real: stored by its prefix (never in plaintext), audited as issued by alice.
            admin().get("/admin/v1/applications/" + appId + "/keys").then().statusCode(200)
                    .body("", hasSize(1)).body("[0].prefix", equalTo(key.substring(0, 10)))
                    .body("[0].lastFour", equalTo(key.substring(key.length() - 4))).body("[0].name", equalTo("nightly"));
            String keyId = admin().get("/admin/v1/applications/" + appId + "/keys").then().extract().path("[0].id");
            admin().get("/admin/v1/audit?entityId=" + keyId).then().statusCode(200)
                    .body("items[0].action", equalTo("key.issued"))
                    .body("items[0].actorId", equalTo(ConsoleBrowser.ALICE_SUBJECT))
                    .body(not(containsString(key)));

            Page again = browser.getPage(shown.getUrl());
            assertEquals(410, again.getWebResponse().getStatusCode());
            String gone = again.getWebResponse().getContentAsString();
            assertTrue(gone.contains("no longer shown"), gone);
            assertFalse(gone.contains(key), "a reload never shows the key again");
        }
    }

    @Test
    void an_admin_rotates_a_key_and_the_old_key_keeps_working_for_the_chosen_grace() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String oldKey = admin().body(Map.of("name", "checkout")).post("/admin/v1/applications/" + w.appId() + "/keys")
                .then().statusCode(201).extract().path("details.id");
        try (WebClient browser = open()) {
            HtmlPage org = signIn(browser, base, "console/partners/" + w.orgId());
            HtmlElement row = org.getHtmlElementById("key-" + oldKey);
            HtmlSelect grace = row.querySelector("select[name=graceHours]");
            grace.setSelectedAttribute("1", true);
            HtmlPage shown = ((HtmlButton) row.querySelector("button.rotate")).click();
            assertEquals(200, shown.getWebResponse().getStatusCode(), shown.asNormalizedText());
            assertTrue(text(shown, "new-key").startsWith("gh_"));
            assertTrue(text(shown, "previous-key").contains("keeps working until"), text(shown, "previous-key"));
        }
        admin().get("/admin/v1/keys/" + oldKey).then().body("status", equalTo("active")).body("expiresAt", notNullValue());
        admin().get("/admin/v1/applications/" + w.appId() + "/keys").then().body("", hasSize(2))
                .body("[0].name", equalTo("checkout"));
        admin().get("/admin/v1/audit?entityId=" + oldKey).then().body("items[0].action", equalTo("key.rotated"));
    }

    @Test
    void an_admin_subscribes_an_application_to_a_published_plan_chosen_by_name_and_a_second_plan_of_that_api_is_a_409_page() throws Exception {
        // Named to sort first: the form lists published plans by API name, at most 500 of them.
        String apiName = "000 Subscribe " + unique("api");
        String api = create("/admin/v1/apis", Map.of("name", apiName, "lifecycle", "published",
                "routePath", "/" + unique("sub"), "upstreamUrl", "http://127.0.0.1:9/base"));
        String gold = create("/admin/v1/plans", Map.of("apiId", api, "name", "Gold"));
        String silver = create("/admin/v1/plans", Map.of("apiId", api, "name", "Silver"));
        String draft = create("/admin/v1/plans", Map.of("apiId", api, "name", "Draft", "status", "draft"));
        String org = create("/admin/v1/organizations", Map.of("name", unique("Subscriber")));
        String app = create("/admin/v1/applications", Map.of("organizationId", org, "name", "Mobile"));
        try (WebClient browser = open()) {
            HtmlPage page = signIn(browser, base, "console/partners/" + org);
            HtmlSelect plans = page.getHtmlElementById("app-" + app + "-plan");
            List<String> labels = plans.getOptions().stream().map(o -> o.getText()).toList();
            assertTrue(labels.contains(apiName + " v1 · Gold") && labels.contains(apiName + " v1 · Silver"), labels.toString());
            assertTrue(plans.getOptions().stream().noneMatch(o -> o.getValueAttribute().equals(draft)),
                    "a draft plan takes no subscriptions, so it is not offered");
            plans.setSelectedAttribute(gold, true);
            HtmlPage after = click(page, "app-" + app + "-subscribe");
            assertEquals(200, after.getWebResponse().getStatusCode(), after.asNormalizedText());
            assertEquals("/console/partners/" + org, after.getUrl().getPath(), "post, then redirect to the page");
            String sub = admin().get("/admin/v1/subscriptions?applicationId=" + app).then().statusCode(200)
                    .body("items", hasSize(1)).body("items[0].planId", equalTo(gold))
                    .body("items[0].status", equalTo("active")).extract().path("items[0].id");
            String row = text(after, "subscription-" + sub);
            assertTrue(row.contains(apiName) && row.contains("Gold") && row.contains("active"), row);
            admin().get("/admin/v1/audit?entityId=" + sub).then().body("items[0].action", equalTo("subscription.created"))
                    .body("items[0].actorId", equalTo(ConsoleBrowser.ALICE_SUBJECT));

            after.<HtmlSelect>getHtmlElementById("app-" + app + "-plan").setSelectedAttribute(silver, true);
            Page second = click(after, "app-" + app + "-subscribe");
            assertEquals(409, second.getWebResponse().getStatusCode());
            assertTrue(second.getWebResponse().getContentType().startsWith("text/html"));
            assertTrue(second.getWebResponse().getContentAsString().contains("already has a subscription"),
                    second.getWebResponse().getContentAsString());
        }
        admin().get("/admin/v1/subscriptions?applicationId=" + app).then().body("items", hasSize(1));
    }

    @Test
    void the_subscriptions_page_names_everything_filters_by_status_and_approves_back_into_the_filtered_list() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String app = create("/admin/v1/applications", Map.of("organizationId", w.orgId(), "name", unique("Waiting app")));
        String plan = create("/admin/v1/plans", Map.of("apiId", w.apiId(), "name", "Gold by approval", "approvalRequired", true));
        String pending = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan, "status", "pending"));
        String orgName = admin().get("/admin/v1/organizations/" + w.orgId()).then().extract().path("name");
        String apiName = admin().get("/admin/v1/apis/" + w.apiId()).then().extract().path("name");
        try (WebClient browser = open()) {
            HtmlPage list = signIn(browser, base, "console/subscriptions?status=pending&q=" + orgName);
            String row = text(list, "subscription-" + pending);
            assertTrue(row.contains(orgName) && row.contains("Waiting app") && row.contains(apiName)
                    && row.contains("Gold by approval") && row.contains("pending"), row);
            assertFalse(row.contains(pending), "names, not ids");
            assertTrue(list.getElementById("subscription-" + w.subscriptionId()) == null, "the active one is filtered out");
            assertNotNull(list.getHtmlElementById("subscription-" + pending).querySelector("button[data-confirm].move-rejected"),
                    "reject asks for confirmation");

            HtmlPage after = ((HtmlButton) list.getHtmlElementById("subscription-" + pending)
                    .querySelector("button.move-active")).click();
            assertEquals("/console/subscriptions", after.getUrl().getPath());
            assertEquals("status=pending", after.getUrl().getQuery());
            assertTrue(after.getElementById("subscription-" + pending) == null, "approved, so no longer pending");
            admin().get("/admin/v1/subscriptions/" + pending).then().body("status", equalTo("active"));

            HtmlPage active = browser.getPage(new URL(base, "console/subscriptions?status=active&q=" + orgName));
            assertTrue(text(active, "subscription-" + pending).contains("active"));
            HtmlElement suspend = active.getHtmlElementById("subscription-" + pending).querySelector("button.move-suspended");
            assertTrue(suspend.hasAttribute("data-confirm"), "suspend asks for confirmation");
        }
    }

    @Test
    void plan_changes_waiting_for_approval_are_listed_with_both_plans_and_approved_or_rejected_back_into_the_list() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String gold = create("/admin/v1/plans", Map.of("apiId", w.apiId(), "name", "Gold by approval", "approvalRequired", true));
        String app = create("/admin/v1/applications", Map.of("organizationId", w.orgId(), "name", unique("Changing app")));
        String starter = w.planId();
        String other = create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", starter));
        subscriptions.changePlan(UUID.fromString(w.subscriptionId()), UUID.fromString(gold), true);
        subscriptions.changePlan(UUID.fromString(other), UUID.fromString(gold), true);
        String starterName = admin().get("/admin/v1/plans/" + starter).then().extract().path("name");
        try (WebClient browser = open()) {
            HtmlPage home = signIn(browser, base, "console/subscriptions");
            HtmlPage list = ((HtmlAnchor) home.getHtmlElementById("only-plan-changes")).click();
            assertEquals("planChange=pending", list.getUrl().getQuery());
            String change = text(list, "plan-change-" + w.subscriptionId());
            assertTrue(text(list, "subscription-" + w.subscriptionId()).contains(starterName), "the plan in force");
            assertTrue(change.contains("Gold by approval") && change.contains("change waiting for approval"), change);
            assertNotNull(list.getHtmlElementById("plan-change-" + w.subscriptionId())
                    .querySelector("button[data-confirm].reject-plan-change"), "reject asks for confirmation");

            HtmlPage after = ((HtmlButton) list.getHtmlElementById("plan-change-" + w.subscriptionId())
                    .querySelector("button.approve-plan-change")).click();
            assertEquals("/console/subscriptions", after.getUrl().getPath());
            assertEquals("planChange=pending", after.getUrl().getQuery());
            assertTrue(after.getElementById("subscription-" + w.subscriptionId()) == null, "approved, so no longer waiting");
            admin().get("/admin/v1/subscriptions/" + w.subscriptionId()).then()
                    .body("planId", equalTo(gold)).body("pendingPlanId", equalTo(null));

            HtmlPage rejected = ((HtmlButton) after.getHtmlElementById("plan-change-" + other)
                    .querySelector("button.reject-plan-change")).click();
            assertTrue(rejected.getElementById("subscription-" + other) == null, "rejected, so no longer waiting");
            admin().get("/admin/v1/subscriptions/" + other).then()
                    .body("planId", equalTo(starter)).body("pendingPlanId", equalTo(null));
        }
    }

    @Test
    void the_home_page_shows_pending_approvals_fleet_health_recent_audit_and_a_traffic_box() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        String plan = create("/admin/v1/plans", Map.of("apiId", w.apiId(), "name", "Reviewed", "approvalRequired", true));
        String app = create("/admin/v1/applications", Map.of("organizationId", w.orgId(), "name", unique("Home app")));
        create("/admin/v1/subscriptions", Map.of("applicationId", app, "planId", plan, "status", "pending"));
        long waiting = admin().get("/admin/v1/subscriptions?status=pending&limit=1").then().extract().<Integer>path("total");
        try (WebClient browser = open()) {
            HtmlPage home = signIn(browser, base, "console");
            assertEquals(String.valueOf(waiting), text(home, "pending-count"));
            assertEquals("/console/subscriptions?status=pending",
                    home.getHtmlElementById("pending-link").getAttribute("href"));
            assertTrue(text(home, "fleet-health").contains("config version"), text(home, "fleet-health"));
            assertTrue(text(home, "recent-audit").contains("subscription.created"), text(home, "recent-audit"));
            String traffic = text(home, "traffic");
            assertTrue(traffic.startsWith("Requests today"), traffic);
            // The figures themselves, and the box when billing is away: BillingThroughManagementTest.
            assertTrue(home.getElementById("requests-today") != null || home.getElementById("traffic-unavailable") != null,
                    traffic);
        }
    }

    @Test
    void organizations_are_listed_fifty_a_page_newest_first_and_filtered_by_name_and_status() throws Exception {
        String tag = unique("pagetest");
        for (int i = 0; i < 52; i++) {
            create("/admin/v1/organizations", Map.of("name", tag + " org " + i));
        }
        try (WebClient browser = open()) {
            HtmlPage first = signIn(browser, base, "console/partners?q=" + tag);
            assertEquals(50, first.getHtmlElementById("organizations").querySelectorAll("tbody tr").size());
            assertTrue(first.getHtmlElementById("organizations").asNormalizedText().contains(tag + " org 51"), "newest first");
            assertTrue(first.asNormalizedText().contains("1–50 of 52"));
            HtmlPage second = first.getAnchorByText("Next →").click();
            assertEquals(2, second.getHtmlElementById("organizations").querySelectorAll("tbody tr").size());
            assertTrue(second.getUrl().getQuery().contains("q=" + tag), second.getUrl().toString());
            assertTrue(second.asNormalizedText().contains("51–52 of 52"));
            assertNotNull(second.getAnchorByText("← Previous"));

            HtmlPage suspended = browser.getPage(new URL(base, "console/partners?status=suspended&q=" + tag));
            assertTrue(suspended.getHtmlElementById("organizations").asNormalizedText().contains("No organization matches"));
        }
    }

    @Test
    void the_plan_form_shows_a_price_preview_and_the_preview_route_names_a_field_that_does_not_parse() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        try (WebClient browser = open()) {
            HtmlPage form = signIn(browser, base, "console/plans/new?apiId=" + w.apiId());
            assertEquals("Free: no fee and no charge per request.", text(form, "price-preview"));
            assertNotNull(form.querySelector("script[src='/console/assets/plan-preview.js']"));

            Page preview = browser.getPage(new URL(base, "console/plans/preview?currency=EUR&flatFee=0&includedRequests=10000"
                    + "&overageModel=tiered&tierUpTo=90000&tierUnitPrice=0.50&lastTierUnitPrice=0.30&tierPerUnits=1000"));
            assertEquals(200, preview.getWebResponse().getStatusCode());
            assertTrue(preview.getWebResponse().getContentType().startsWith("text/plain"));
            assertEquals("10,000 included, then €0.50 per 1,000 up to 100,000, then €0.30 per 1,000 beyond.",
                    preview.getWebResponse().getContentAsString());

            String priced = create("/admin/v1/plans", Map.of("apiId", w.apiId(), "name", "Metered", "currency", "EUR",
                    "flatFee", 49, "includedRequests", 10000, "priceTiers", List.of(
                            Map.of("upTo", 90000, "unitPrice", 0.5, "perUnits", 1000), Map.of("unitPrice", 0.3, "perUnits", 1000))));
            HtmlPage detail = browser.getPage(new URL(base, "console/plans/" + priced));
            assertEquals("€49.00 per period; 10,000 included, then €0.50 per 1,000 up to 100,000, then €0.30 per 1,000 beyond.",
                    text(detail, "price-preview"));

            Page wrong = browser.getPage(new URL(base, "console/plans/preview?flatFee=lots&currency=EUR"));
            assertEquals(200, wrong.getWebResponse().getStatusCode());
            assertTrue(wrong.getWebResponse().getContentAsString().startsWith("Check flatFee"),
                    wrong.getWebResponse().getContentAsString());
        }
    }

    @Test
    @TestSecurity(user = "pat", roles = "platform-admin")
    void every_new_form_post_answers_303_and_invalid_input_is_a_400_page_not_a_500() {
        Response created = forgedPost("/console/partners", "/console/organizations", "name", unique("Initech"));
        assertEquals(303, created.statusCode());
        String orgPath = java.net.URI.create(created.header("Location")).getPath();
        assertTrue(orgPath.startsWith("/console/partners/"), orgPath);
        String orgId = orgPath.substring("/console/partners/".length());

        assertEquals(303, forgedPost(orgPath, "/console/organizations/" + orgId, "name", "Initech Ltd").statusCode());
        Response app = forgedPost(orgPath, "/console/organizations/" + orgId + "/applications", "name", "TPS reports");
        assertEquals(303, app.statusCode());
        String appId = admin().get("/admin/v1/applications?organizationId=" + orgId).then().extract().path("items[0].id");
        Response issued = forgedPost(orgPath, "/console/applications/" + appId + "/keys", "name", "k");
        assertEquals(303, issued.statusCode());
        String ticket = java.net.URI.create(issued.header("Location")).getPath();
        assertTrue(ticket.startsWith("/console/keys/new/"), ticket);
        RestAssured.given().get(ticket).then().statusCode(200).body(containsString("gh_"));
        RestAssured.given().get(ticket).then().statusCode(410).body(containsString("no longer shown"));
        RestAssured.given().get("/console/keys/new/made-up").then().statusCode(410);

        forgedPost("/console/partners", "/console/organizations", "name", " ").then().statusCode(400)
                .contentType(startsWith("text/html")).body(containsString("name"));
        forgedPost(orgPath, "/console/organizations/" + orgId + "/applications", "name", "x".repeat(201)).then()
                .statusCode(400).contentType(startsWith("text/html"));
        forgedPost(orgPath, "/console/keys/" + java.util.UUID.randomUUID() + "/rotate", "graceHours", "999").then()
                .statusCode(400).body(containsString("graceHours"));
        forgedPost("/console/partners", "/console/organizations/" + orgId, "name", "").then().statusCode(400);
        forgedPost(orgPath, "/console/applications/" + appId + "/subscriptions", "planId", "").then().statusCode(400)
                .contentType(startsWith("text/html")).body(containsString("planId"));
        forgedPost(orgPath, "/console/applications/" + appId + "/subscriptions", "planId", "gold").then().statusCode(400)
                .body(containsString("planId"));
        forgedPost(orgPath, "/console/applications/" + appId + "/subscriptions", "planId",
                java.util.UUID.randomUUID().toString()).then().statusCode(404).contentType(startsWith("text/html"));
    }

    @Test
    @TestSecurity(user = "aude", roles = "auditor")
    void an_auditor_lists_keys_and_subscriptions_but_cannot_create_issue_rotate_subscribe_or_open_a_key_ticket() {
        AdminApi.World w = AdminApi.World.create();
        String key = admin().body(Map.of("name", "k")).post("/admin/v1/applications/" + w.appId() + "/keys")
                .then().statusCode(201).extract().path("details.id");
        String keys = RestAssured.given().get("/console/keys?status=active").then().statusCode(200).extract().asString();
        assertFalse(keys.contains("/rotate"), "no rotate button for an auditor");
        RestAssured.given().get("/console/subscriptions").then().statusCode(200);
        RestAssured.given().get("/console/applications?q=Checkout").then().statusCode(200).body(containsString("Checkout"));
        for (List<String> post : List.of(List.of("/console/organizations", "name", "Forged"),
                List.of("/console/organizations/" + w.orgId(), "name", "Forged"),
                List.of("/console/organizations/" + w.orgId() + "/applications", "name", "Forged"),
                List.of("/console/applications/" + w.appId() + "/keys", "name", "Forged"),
                List.of("/console/keys/" + key + "/rotate", "graceHours", "1"),
                List.of("/console/applications/" + w.appId() + "/subscriptions", "planId", w.planId()))) {
            forgedPost("/console/keys", post.get(0), post.get(1), post.get(2)).then().statusCode(403);
        }
        RestAssured.given().get("/console/keys/new/anything").then().statusCode(403);
        admin().get("/admin/v1/applications/" + w.appId() + "/keys").then().body("", hasSize(1));
    }

    @Test
    @TestSecurity(user = "olga", roles = "api-owner")
    void an_api_owner_gets_the_price_preview_but_not_the_partner_lists() {
        RestAssured.given().get("/console/plans/preview?flatFee=5").then().statusCode(200)
                .body(equalTo("€5.00 per period; requests are not charged on top."));
        RestAssured.given().get("/console/subscriptions").then().statusCode(403);
        RestAssured.given().get("/console/applications").then().statusCode(403);
        String home = RestAssured.given().get("/console").then().statusCode(200).extract().asString();
        assertFalse(home.contains("id=\"pending-approvals\""), home);
        assertFalse(home.contains("id=\"traffic\""), "an API owner reads their own APIs' analytics, not everyone's");
    }

    @Test
    void every_console_page_loads_the_confirmation_script_and_destructive_buttons_carry_a_question() throws Exception {
        AdminApi.World w = AdminApi.World.create();
        admin().body(Map.of("name", "k")).post("/admin/v1/applications/" + w.appId() + "/keys").then().statusCode(201);
        try (WebClient browser = open()) {
            HtmlPage org = signIn(browser, base, "console/partners/" + w.orgId());
            assertNotNull(org.querySelector("head script[src='/console/assets/confirm.js']"));
            for (String danger : List.of("button.suspend", "button.revoke", "button.move-suspended", "button.move-cancelled")) {
                HtmlElement b = org.querySelector(danger);
                assertNotNull(b, danger);
                assertFalse(b.getAttribute("data-confirm").isBlank(), danger);
            }
            HtmlPage api = browser.getPage(new URL(base, "console/apis/" + w.apiId()));
            HtmlElement lifecycle = api.getHtmlElementById("change-lifecycle");
            assertEquals("retired", lifecycle.getAttribute("data-confirm-value"), "the lifecycle form asks before retiring");
            assertTrue(lifecycle.getAttribute("data-confirm").startsWith("Retire "));
            Page script = browser.getPage(new URL(base, "console/assets/confirm.js"));
            assertTrue(script.getWebResponse().getContentAsString().contains("data-confirm"));
        }
    }

    private static String text(HtmlPage page, String id) {
        return page.getHtmlElementById(id).asNormalizedText();
    }

    private static HtmlPage click(HtmlPage page, String buttonId) throws Exception {
        return ((HtmlButton) page.getHtmlElementById(buttonId)).click();
    }
}
