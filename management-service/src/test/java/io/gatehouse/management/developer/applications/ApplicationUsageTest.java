package io.gatehouse.management.developer.applications;

import io.gatehouse.testing.BillingStandIn;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.gatehouse.management.developer.DeveloperApi.admin;
import static io.gatehouse.management.developer.DeveloperApi.as;
import static io.gatehouse.management.developer.DeveloperApi.publishedPlan;
import static io.gatehouse.management.developer.DeveloperApi.readyPartner;
import static io.gatehouse.management.developer.DeveloperApi.uniqueEmail;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /developer/v1/applications/{id}/usage}: billing's series of the partner's own application and the
 * quota picture of its subscriptions. Billing is {@link BillingStandIn} (declared by BillingThroughManagementTest
 * for the whole test app), which answers billing's documented JSON and records what management asked.
 */
@QuarkusTest
class ApplicationUsageTest {

    @Inject
    MockMailbox mailbox;

    @BeforeEach
    @AfterEach
    void billingAsDocumented() {
        BillingStandIn.current().up();
        BillingStandIn.current().reset();
    }

    @Test
    void a_partner_reads_the_usage_and_the_quota_left_of_its_own_application() {
        String plan = publishedPlan(false); // 1000 per day in Europe/Berlin
        String session = readyPartner(mailbox, uniqueEmail("usage"));
        String app = as(session).body(Map.of("name", "Checkout")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        as(session).body(Map.of("planId", plan)).post("/developer/v1/applications/" + app + "/subscriptions")
                .then().statusCode(201);
        String org = admin().get("/admin/v1/applications/" + app).then().statusCode(200).extract().path("organizationId");

        BillingStandIn billing = BillingStandIn.current();
        billing.answer("/billing/v1/usage/timeseries", r -> BillingStandIn.Answer.json("""
                {"granularity":"hour","from":"2026-11-25T10:00:00Z","to":"2026-11-25T12:00:00Z","points":[
                 {"bucketStart":"2026-11-25T10:00:00Z","requests":12,"billableRequests":9,"errors4xx":2,"errors5xx":1,"avgLatencyMs":8.5},
                 {"bucketStart":"2026-11-25T11:00:00Z","requests":0,"billableRequests":0,"errors4xx":0,"errors5xx":0,"avgLatencyMs":null}]}"""));
        billing.answer("/billing/v1/usage/totals", r -> BillingStandIn.Answer.json(
                "{\"applicationId\":\"" + r.query().get("applicationId") + "\",\"planId\":\"" + r.query().get("planId")
                        + "\",\"from\":\"" + r.query().get("from") + "\",\"to\":\"" + r.query().get("to")
                        + "\",\"requests\":50,\"admitted\":42,\"billableRequests\":40}"));

        Instant before = Instant.now();
        JsonPath usage = as(session).get("/developer/v1/applications/" + app + "/usage?granularity=hour&from=2026-11-25T10:00:00Z&to=2026-11-25T12:00:00Z")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(app, usage.getString("applicationId"));
        assertEquals("Checkout", usage.getString("applicationName"));
        assertEquals(List.of(12, 0), usage.getList("points.requests"));
        assertEquals(2, usage.getInt("points[0].errors4xx"));
        assertEquals(plan, usage.getString("subscriptions[0].planId"));
        assertEquals("Europe/Berlin", usage.getString("subscriptions[0].timeZone"));
        assertEquals("day", usage.getString("subscriptions[0].quotas[0].timeUnit"));
        assertEquals(1000, usage.getInt("subscriptions[0].quotas[0].limit"));
        assertEquals(42, usage.getInt("subscriptions[0].quotas[0].used"));
        assertEquals(958, usage.getInt("subscriptions[0].quotas[0].remaining"));
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate today = LocalDate.ofInstant(before, berlin);
        Instant windowStart = Instant.parse(usage.getString("subscriptions[0].quotas[0].windowStart"));
        Instant resetsAt = Instant.parse(usage.getString("subscriptions[0].quotas[0].resetsAt"));
        assertTrue(windowStart.equals(today.atStartOfDay(berlin).toInstant())
                || windowStart.equals(today.plusDays(1).atStartOfDay(berlin).toInstant()), windowStart.toString()); // midnight may pass mid-test
        assertEquals(LocalDate.ofInstant(windowStart, berlin).plusDays(1).atStartOfDay(berlin).toInstant(), resetsAt);

        BillingStandIn.Request series = billing.requests("/billing/v1/usage/timeseries").get(0);
        assertEquals(app, series.query().get("applicationId"));
        assertEquals(org, series.query().get("organizationId"), "billing is asked for the caller's organization only");
        assertEquals("hour", series.query().get("granularity"));
        assertEquals("Bearer " + BillingStandIn.TOKEN, series.authorization());
        BillingStandIn.Request totals = billing.requests("/billing/v1/usage/totals").get(0);
        assertEquals(app, totals.query().get("applicationId"));
        assertEquals(plan, totals.query().get("planId"));
        assertEquals(windowStart.toString(), totals.query().get("from"));
    }

    @Test
    void a_subscription_of_a_product_of_two_apis_is_named_by_its_product_in_the_quota_picture() {
        String maps = admin().body(Map.of("name", "Maps " + uniqueEmail("m"), "lifecycle", "published",
                        "routePath", "/" + java.util.UUID.randomUUID(), "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().<String>path("id");
        String routing = admin().body(Map.of("name", "Routing " + uniqueEmail("r"), "lifecycle", "published",
                        "routePath", "/" + java.util.UUID.randomUUID(), "upstreamUrl", "http://127.0.0.1:9/base"))
                .post("/admin/v1/apis").then().statusCode(201).extract().<String>path("id");
        String name = "Travel bundle " + java.util.UUID.randomUUID();
        String product = admin().body(Map.of("name", name)).post("/admin/v1/products").then().statusCode(201)
                .extract().path("id");
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + maps).then().statusCode(200);
        admin().body(Map.of()).put("/admin/v1/products/" + product + "/apis/" + routing).then().statusCode(200);
        String plan = admin().body(Map.of("name", "Bundle daily", "timeZone", "Europe/Berlin",
                        "limits", List.of(Map.of("kind", "quota", "maxRequests", 500, "timeUnit", "day"))))
                .post("/admin/v1/products/" + product + "/plans").then().statusCode(201).extract().path("id");
        String session = readyPartner(mailbox, uniqueEmail("bundle-usage"));
        String app = as(session).body(Map.of("name", "Trip planner")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        as(session).body(Map.of("planId", plan)).post("/developer/v1/applications/" + app + "/subscriptions")
                .then().statusCode(201);
        BillingStandIn billing = BillingStandIn.current();
        billing.answer("/billing/v1/usage/timeseries", r -> BillingStandIn.Answer.json("""
                {"granularity":"day","from":"2026-11-25T00:00:00Z","to":"2026-11-26T00:00:00Z","points":[]}"""));
        billing.answer("/billing/v1/usage/totals", r -> BillingStandIn.Answer.json(
                "{\"applicationId\":\"" + r.query().get("applicationId") + "\",\"planId\":\"" + r.query().get("planId")
                        + "\",\"from\":\"" + r.query().get("from") + "\",\"to\":\"" + r.query().get("to")
                        + "\",\"requests\":7,\"admitted\":7,\"billableRequests\":7}"));

        JsonPath usage = as(session).get("/developer/v1/applications/" + app + "/usage?granularity=day")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(plan, usage.getString("subscriptions[0].planId"));
        assertEquals(product, usage.getString("subscriptions[0].productId"));
        assertEquals(name, usage.getString("subscriptions[0].productName"));
        assertEquals(false, usage.getBoolean("subscriptions[0].singleApi"), "apiName is only the product's first API");
        assertEquals(493, usage.getInt("subscriptions[0].quotas[0].remaining"));

        String single = publishedPlan(false);
        String other = as(session).body(Map.of("name", "Checkout")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        as(session).body(Map.of("planId", single)).post("/developer/v1/applications/" + other + "/subscriptions")
                .then().statusCode(201);
        JsonPath one = as(session).get("/developer/v1/applications/" + other + "/usage?granularity=day")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(true, one.getBoolean("subscriptions[0].singleApi"), "a plan made for one API grants that API");
        assertEquals(admin().get("/admin/v1/plans/" + single).then().extract().path("productId"),
                one.getString("subscriptions[0].productId"));
    }

    @Test
    void another_organizations_application_is_404_and_billing_is_never_asked() {
        String session = readyPartner(mailbox, uniqueEmail("owner"));
        String app = as(session).body(Map.of("name", "Mine")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        String stranger = readyPartner(mailbox, uniqueEmail("stranger"));

        as(stranger).get("/developer/v1/applications/" + app + "/usage").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:not-found"));
        as(stranger).get("/developer/v1/applications/00000000-0000-0000-0000-000000000042/usage").then().statusCode(404);
        assertTrue(BillingStandIn.current().requests().isEmpty(), BillingStandIn.current().requests().toString());
        as(session).get("/developer/v1/applications/" + app + "/usage").then().statusCode(200);
    }

    @Test
    void without_a_developer_session_the_usage_is_401_and_admin_tokens_are_refused() {
        io.restassured.RestAssured.given().get("/developer/v1/applications/00000000-0000-0000-0000-000000000042/usage")
                .then().statusCode(401);
        admin().get("/developer/v1/applications/00000000-0000-0000-0000-000000000042/usage").then().statusCode(403);
    }

    @Test
    void billing_down_is_a_503_billing_unavailable_problem_never_a_500() {
        String session = readyPartner(mailbox, uniqueEmail("down"));
        String app = as(session).body(Map.of("name", "Lonely")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        BillingStandIn.current().down();
        as(session).get("/developer/v1/applications/" + app + "/usage").then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:gatehouse:problem:billing-unavailable"))
                .body("status", equalTo(503));
        BillingStandIn.current().up();
        as(session).get("/developer/v1/applications/" + app + "/usage").then().statusCode(200);
    }

    @Test
    void billings_refusal_of_a_parameter_is_passed_on_naming_it() {
        String session = readyPartner(mailbox, uniqueEmail("bad"));
        String app = as(session).body(Map.of("name", "Picky")).post("/developer/v1/applications")
                .then().statusCode(201).extract().path("id");
        BillingStandIn.current().answer("/billing/v1/usage/timeseries", r -> new BillingStandIn.Answer(400,
                "application/problem+json", "{\"type\":\"urn:gatehouse:problem:validation-failed\",\"status\":400,"
                + "\"detail\":\"granularity: must be hour or day\",\"errors\":[{\"field\":\"granularity\",\"message\":\"must be hour or day\"}]}"));
        as(session).get("/developer/v1/applications/" + app + "/usage?granularity=week").then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:validation-failed"))
                .body("errors.field", hasItem("granularity"));
    }
}
