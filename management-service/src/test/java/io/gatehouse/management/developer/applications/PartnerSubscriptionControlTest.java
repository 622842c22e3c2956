package io.gatehouse.management.developer.applications;

import io.gatehouse.testing.RealPostgresResource;
import io.gatehouse.testing.RedisNamespaceResource;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.gateway;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, item 3: a partner cancels a subscription and changes its plan within the product (today: another open
 * plan of the same API); a change to a plan that needs approval waits with the old plan in force.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gatehouse_mgmt_test"))
@QuarkusTestResource(RedisNamespaceResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class PartnerSubscriptionControlTest {

    private static final String BILLING_TOKEN = "test-billing-token-0123456789";

    @Inject
    MockMailbox mailbox;

    /** A published API with Starter (10/min), Pro (100/min) and Enterprise (1000/min, needs approval). */
    private record Product(String api, String starter, String pro, String enterprise) {
    }

    private static Product product() {
        String route = "/" + "ctl-" + Long.toString(System.nanoTime(), 36);
        String api = admin().body(Map.of("name", "Weather " + route, "lifecycle", "published",
                        "routePath", route, "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().path("id");
        return new Product(api, plan(api, "Starter", 10, false), plan(api, "Pro", 100, false),
                plan(api, "Enterprise", 1000, true));
    }

    private static String plan(String api, String name, int perMinute, boolean approval) {
        Map<String, Object> body = new HashMap<>(Map.of("apiId", api, "name", name, "approvalRequired", approval,
                "timeZone", "UTC", "limits", List.of(Map.of("kind", "rate", "maxRequests", perMinute, "timeUnit", "minute"))));
        return admin().body(body).post("/admin/v1/plans").then().statusCode(201).extract().path("id");
    }

    private record Subscribed(String session, String app, String subscription) {
    }

    private Subscribed subscribed(String planId) {
        String session = readyPartner(mailbox, uniqueEmail("control"));
        String app = as(session).body(Map.of("name", "Checkout")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        String sub = as(session).body(Map.of("planId", planId)).post("/developer/v1/applications/" + app + "/subscriptions")
                .then().statusCode(201).body("status", equalTo("active")).extract().path("id");
        return new Subscribed(session, app, sub);
    }

    private static String subscriptionPath(Subscribed s) {
        return "/developer/v1/applications/" + s.app() + "/subscriptions/" + s.subscription();
    }

    @Test
    void a_partner_cancels_a_subscription_at_once_and_the_gateway_drops_it_in_a_delta() {
        Product p = product();
        Subscribed s = subscribed(p.starter());
        assertNotNull(snapshotSubscription(s.subscription()));
        long before = configVersion();

        as(s.session()).post(subscriptionPath(s) + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("endedAt", not(nullValue()));

        long after = configVersion();
        assertTrue(after > before, "gateways see the cancellation");
        JsonPath delta = changesAfter(before);
        assertTrue(delta.getList("removed.subscriptions").contains(s.subscription()), delta.prettify());
        assertNull(snapshotSubscription(s.subscription()));
        as(s.session()).post(subscriptionPath(s) + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:gatehouse:problem:conflict"));
        // Cancelled, the application may subscribe again.
        as(s.session()).body(Map.of("planId", p.pro())).post("/developer/v1/applications/" + s.app() + "/subscriptions")
                .then().statusCode(201);
    }

    @Test
    void an_upgrade_applies_at_once_and_the_gateway_gets_the_new_plan_as_a_delta() {
        Product p = product();
        Subscribed s = subscribed(p.starter());
        as(s.session()).get(subscriptionPath(s) + "/plan-choices").then().statusCode(200)
                .body("name", equalTo(List.of("Enterprise", "Pro")));
        long before = configVersion();

        as(s.session()).body(Map.of("planId", p.pro())).post(subscriptionPath(s) + "/plan-change").then().statusCode(200)
                .body("planId", equalTo(p.pro())).body("planName", equalTo("Pro")).body("pendingPlanId", nullValue())
                .body("limits[0].maxRequests", equalTo(100));

        JsonPath delta = changesAfter(before);
        assertEquals(p.pro(), delta.getString("subscriptions.find { it.id == '" + s.subscription() + "' }.planId"),
                delta.prettify());
        assertEquals(p.pro(), snapshotSubscription(s.subscription()).get("planId"));
        admin().get("/admin/v1/subscriptions/" + s.subscription()).then().body("planId", equalTo(p.pro()));
        admin().queryParam("entityType", "subscription").queryParam("entityId", s.subscription()).get("/admin/v1/audit")
                .then().statusCode(200).body("items[0].action", equalTo("subscription.plan-changed"))
                .body("items[0].actorType", equalTo("partner"))
                .body("items[0].before.planId", equalTo(p.starter())).body("items[0].after.planId", equalTo(p.pro()));
    }

    @Test
    void a_downgrade_applies_at_once_and_billing_learns_which_plan_was_in_force_when() {
        Product p = product();
        Subscribed s = subscribed(p.pro());

        as(s.session()).body(Map.of("planId", p.starter())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(200).body("planId", equalTo(p.starter()));

        JsonPath feed = given().header("Authorization", "Bearer " + BILLING_TOKEN).get("/internal/v1/billing/plans")
                .then().statusCode(200).extract().jsonPath();
        String sub = "subscriptions.find { it.subscriptionId == '" + s.subscription() + "' }";
        assertEquals(p.starter(), feed.getString(sub + ".planId"));
        List<Map<String, Object>> terms = feed.getList(sub + ".planTerms");
        assertEquals(2, terms.size(), terms.toString());
        assertEquals(p.pro(), terms.get(0).get("planId"));
        assertNull(terms.get(0).get("from"));
        assertNotNull(terms.get(0).get("until"));
        assertEquals(p.starter(), terms.get(1).get("planId"));
        assertEquals(terms.get(0).get("until"), terms.get(1).get("from"));
        assertNull(terms.get(1).get("until"));
    }

    @Test
    void a_change_to_a_plan_that_needs_approval_waits_with_the_old_plan_in_force_until_an_admin_approves() {
        Product p = product();
        Subscribed s = subscribed(p.starter());
        long before = configVersion();

        as(s.session()).body(Map.of("planId", p.enterprise())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(200).body("planId", equalTo(p.starter())).body("pendingPlanId", equalTo(p.enterprise()))
                .body("pendingPlanName", equalTo("Enterprise")).body("pendingSince", not(nullValue()));
        assertEquals(before, configVersion(), "nothing changes on the gateways while the change waits");
        assertEquals(p.starter(), snapshotSubscription(s.subscription()).get("planId"));
        admin().get("/admin/v1/subscriptions/" + s.subscription()).then()
                .body("planId", equalTo(p.starter())).body("pendingPlanId", equalTo(p.enterprise()));

        admin().post("/admin/v1/subscriptions/" + s.subscription() + "/plan-change/approve").then().statusCode(200)
                .body("planId", equalTo(p.enterprise())).body("pendingPlanId", nullValue());
        assertTrue(configVersion() > before);
        assertEquals(p.enterprise(), snapshotSubscription(s.subscription()).get("planId"));
        as(s.session()).get("/developer/v1/applications/" + s.app()).then()
                .body("subscriptions[0].planName", equalTo("Enterprise")).body("subscriptions[0].pendingPlanId", nullValue());
        admin().post("/admin/v1/subscriptions/" + s.subscription() + "/plan-change/approve").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:no-pending-plan-change"));
    }

    @Test
    void a_rejected_plan_change_leaves_the_old_plan_and_the_gateways_untouched() {
        Product p = product();
        Subscribed s = subscribed(p.pro());
        as(s.session()).body(Map.of("planId", p.enterprise())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(200);
        long before = configVersion();

        admin().post("/admin/v1/subscriptions/" + s.subscription() + "/plan-change/reject").then().statusCode(200)
                .body("planId", equalTo(p.pro())).body("pendingPlanId", nullValue());

        assertEquals(before, configVersion());
        as(s.session()).get("/developer/v1/applications/" + s.app()).then()
                .body("subscriptions[0].planId", equalTo(p.pro())).body("subscriptions[0].pendingPlanId", nullValue());
        JsonPath feed = given().header("Authorization", "Bearer " + BILLING_TOKEN).get("/internal/v1/billing/plans")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, feed.getList("subscriptions.find { it.subscriptionId == '" + s.subscription() + "' }.planTerms").size(),
                "a rejected change is no part of the plan history");
    }

    @Test
    void a_newer_plan_change_replaces_the_one_that_waits() {
        Product p = product();
        String premium = plan(p.api(), "Premium", 2000, true);
        Subscribed s = subscribed(p.starter());
        as(s.session()).body(Map.of("planId", p.enterprise())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(200).body("pendingPlanName", equalTo("Enterprise"));

        as(s.session()).body(Map.of("planId", premium)).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(200).body("planId", equalTo(p.starter())).body("pendingPlanName", equalTo("Premium"));
        // An immediate change replaces a waiting one too.
        as(s.session()).body(Map.of("planId", p.pro())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(200).body("planId", equalTo(p.pro())).body("pendingPlanId", nullValue());
        admin().post("/admin/v1/subscriptions/" + s.subscription() + "/plan-change/approve").then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:no-pending-plan-change"));
    }

    @Test
    void cancelling_withdraws_a_plan_change_that_waits() {
        Product p = product();
        Subscribed s = subscribed(p.starter());
        as(s.session()).body(Map.of("planId", p.enterprise())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(200);
        as(s.session()).post(subscriptionPath(s) + "/cancel").then().statusCode(200).body("pendingPlanId", nullValue());
        admin().post("/admin/v1/subscriptions/" + s.subscription() + "/plan-change/approve").then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:no-pending-plan-change"));
    }

    @Test
    void a_plan_of_another_api_is_refused_with_plan_not_in_product_and_nothing_changes() {
        Product p = product();
        Product other = product();
        Subscribed s = subscribed(p.starter());
        long before = configVersion();

        as(s.session()).body(Map.of("planId", other.pro())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:plan-not-in-product"))
                .body("detail", containsString("subscribe to it separately"));
        admin().body(Map.of("planId", other.pro())).post("/admin/v1/subscriptions/" + s.subscription() + "/plan-change")
                .then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:plan-not-in-product"));
        as(s.session()).body(Map.of("planId", p.starter())).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(409).body("type", equalTo("urn:gatehouse:problem:conflict"));
        as(s.session()).body(Map.of()).post(subscriptionPath(s) + "/plan-change").then()
                .statusCode(400).body("type", equalTo("urn:gatehouse:problem:validation-failed"));
        assertEquals(before, configVersion());
    }

    @Test
    void another_organizations_subscription_is_not_found_for_cancel_change_and_choices() {
        Product p = product();
        Subscribed mine = subscribed(p.starter());
        Subscribed theirs = subscribed(p.starter());
        String foreign = "/developer/v1/applications/" + mine.app() + "/subscriptions/" + theirs.subscription();
        String foreignApp = "/developer/v1/applications/" + theirs.app() + "/subscriptions/" + theirs.subscription();

        for (String path : List.of(foreign, foreignApp)) {
            as(mine.session()).post(path + "/cancel").then().statusCode(404)
                    .contentType("application/problem+json").body("type", equalTo("urn:gatehouse:problem:not-found"));
            as(mine.session()).body(Map.of("planId", p.pro())).post(path + "/plan-change").then().statusCode(404);
            as(mine.session()).get(path + "/plan-choices").then().statusCode(404);
        }
        as(theirs.session()).get("/developer/v1/applications/" + theirs.app()).then()
                .body("subscriptions[0].status", equalTo("active")).body("subscriptions[0].planId", equalTo(p.starter()));
    }

    @Test
    void subscribing_twice_names_the_application_api_and_plan_and_says_where_to_cancel_or_change() {
        Product p = product();
        Subscribed s = subscribed(p.starter());
        as(s.session()).body(Map.of("planId", p.pro())).post("/developer/v1/applications/" + s.app() + "/subscriptions")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:conflict"))
                .body("detail", containsString("Checkout already has a subscription to Weather /ctl-"))
                .body("detail", containsString("(plan Starter, active). Cancel it or change its plan on the application's page."))
                .body("detail", not(containsString(s.app())));
    }

    private static long configVersion() {
        return gateway().get("/internal/v1/gateway/version").then().statusCode(200).extract().jsonPath().getLong("version");
    }

    private static JsonPath changesAfter(long version) {
        return JsonPath.from(gateway().get("/internal/v1/gateway/changes?after=" + version).then().statusCode(200)
                .extract().asString());
    }

    private static Map<String, Object> snapshotSubscription(String id) {
        String json = gateway().get("/internal/v1/gateway/snapshot").then().statusCode(200).extract().asString();
        return JsonPath.from(json).getMap("subscriptions.find { it.id == '" + id + "' }");
    }
}
